using System.Text.Json;

namespace LocalEntropy.Cli.Tests;

/// <summary>`lent train` and `lent flatness` on small Fashion-MNIST subsets (the Debian package scripts/setup installs).</summary>
public class DeepCommandTests
{
    private static readonly string[] Tiny = ["--train-size", "512", "--test-size", "200", "--batch-size", "64", "--threads", "1"];

    private static LentProcess.Outcome Train(TempDir dir, string folder, params string[] args) =>
        LentProcess.RunIn(dir.Path, ["train", .. Tiny, "--out", dir.File(folder), .. args]);

    [Fact]
    public void Train_Json_ReportsTheRunAndWritesMetricsCurvesAndCheckpoint()
    {
        using var dir = new TempDir();
        var r = Train(dir, "run", "--optimizer", "rsgd", "--replicas", "2", "--epochs", "3", "--seed", "4", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        JsonElement root = json.RootElement;
        Assert.Equal("mlp", root.GetProperty("model").GetString());
        Assert.Equal("rsgd", root.GetProperty("optimizer").GetString());
        Assert.Equal(4, root.GetProperty("seed").GetInt32());
        Assert.True(root.GetProperty("gradEvals").GetInt64() >= 24);
        foreach (string key in new[] { "seconds", "trainLoss", "trainError", "testError" }) Assert.True(root.GetProperty(key).GetDouble() >= 0, key);
        string[] metrics = File.ReadAllLines(dir.File("run/metrics.csv"));
        Assert.Equal("epoch,grad_evals,seconds,train_loss,train_error,test_loss,test_error", metrics[0]);
        Assert.Equal(4, metrics.Length);
        Assert.True(File.Exists(dir.File("run/curves.png")));
        Assert.True(File.Exists(dir.File("run/checkpoint.bin")));
        Assert.Empty(Directory.GetFiles(dir.File("run"), "*.tmp"));
    }

    [Fact]
    public void Train_InterruptedThenResumed_EndsWhereAnUninterruptedRunEnds()
    {
        using var dir = new TempDir();
        var whole = Train(dir, "whole", "--epochs", "12", "--json");
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        var stopped = LentProcess.Interrupt(dir.Path, TimeSpan.FromSeconds(4), ["train", .. Tiny, "--out", dir.File("parts"), "--epochs", "12", "--json"]);
        if (stopped.ExitCode == 0) return; // finished before the interruption landed: nothing to resume on this machine
        Assert.Equal(130, stopped.ExitCode);
        Assert.Contains("--resume", stopped.Stderr, StringComparison.Ordinal);
        var resumed = Train(dir, "parts", "--epochs", "12", "--json", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        double Error(string stdout) => JsonDocument.Parse(stdout).RootElement.GetProperty("testError").GetDouble();
        double Loss(string stdout) => JsonDocument.Parse(stdout).RootElement.GetProperty("trainLoss").GetDouble();
        Assert.Equal(Error(whole.Stdout), Error(resumed.Stdout));
        Assert.Equal(Loss(whole.Stdout), Loss(resumed.Stdout));
        Assert.Equal(File.ReadAllLines(dir.File("whole/metrics.csv")).Select(l => l.Split(',')[4]), File.ReadAllLines(dir.File("parts/metrics.csv")).Select(l => l.Split(',')[4]));
    }

    [Theory]
    [InlineData(new[] { "--model", "resnet" }, "resnet")]
    [InlineData(new[] { "--optimizer", "lbfgs" }, "lbfgs")]
    [InlineData(new[] { "--grad-evals", "0" }, "--grad-evals")]
    [InlineData(new[] { "--epochs", "-1" }, "--epochs")]
    [InlineData(new[] { "--epochs", "2", "--grad-evals", "5" }, "not both")]
    [InlineData(new[] { "--replicas", "3" }, "--replicas")]
    [InlineData(new[] { "--compare", "sgd,lbfgs" }, "lbfgs")]
    [InlineData(new[] { "--data", "no-such-folder" }, "no-such-folder")]
    [InlineData(new[] { "--resume" }, "no checkpoint")]
    public void Train_BadOption_IsOneLineAndExit2(string[] args, string mention)
    {
        using var dir = new TempDir();
        BadInputTests.AssertBadInput(Train(dir, "run", args), mention);
    }

    [Fact]
    public void Train_CorruptDataFiles_NameTheFile()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("data"));
        foreach (string name in new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
        {
            File.WriteAllBytes(dir.File($"data/{name}"), [0, 0, 8, 3, 0, 0, 0, 9]);
        }
        BadInputTests.AssertBadInput(Train(dir, "run", "--data", dir.File("data")), "train-images-idx3-ubyte", "truncated");
    }

    [Fact]
    public void Train_ResumeWithAnotherOptimizer_IsRejected()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Train(dir, "run", "--grad-evals", "3").ExitCode);
        BadInputTests.AssertBadInput(Train(dir, "run", "--grad-evals", "6", "--optimizer", "adam", "--resume"), "trained by sgd", "adam");
    }

    [Fact]
    public void Train_NaNLoss_ExitsOneAndKeepsTheLastGoodCheckpoint()
    {
        using var dir = new TempDir();
        var r = Train(dir, "run", "--lr", "1e9", "--epochs", "5");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("NaN", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Flatness_TwoCheckpoints_MeasuresBothAndTheLine()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Train(dir, "a", "--grad-evals", "8", "--seed", "1").ExitCode);
        Assert.Equal(0, Train(dir, "b", "--grad-evals", "8", "--seed", "2").ExitCode);
        var r = LentProcess.RunIn(dir.Path, "flatness", "--checkpoint", dir.File("a/checkpoint.bin"), "--other", dir.File("b/checkpoint.bin"),
            "--out", dir.File("flat"), "--images", "200", "--hessian-images", "100", "--sigmas", "0.1:0.3:3", "--samples", "2", "--points", "3", "--threads", "1", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal(2, json.RootElement.GetProperty("networks").GetArrayLength());
        Assert.Equal(3, json.RootElement.GetProperty("path").GetProperty("points").GetArrayLength());
        Assert.True(File.Exists(dir.File("flat/local-energy.png")));
        Assert.True(File.Exists(dir.File("flat/path.png")));
    }

    [Fact]
    public void Flatness_CorruptCheckpointOrOtherModel_IsRejected()
    {
        using var dir = new TempDir();
        string bad = dir.Write("bad.bin", "not a checkpoint");
        BadInputTests.AssertBadInput(LentProcess.RunIn(dir.Path, "flatness", "--checkpoint", bad, "--out", dir.File("f")), "bad.bin");
        Assert.Equal(0, Train(dir, "mlp", "--grad-evals", "2").ExitCode);
        Assert.Equal(0, Train(dir, "conv", "--grad-evals", "2", "--model", "conv").ExitCode);
        BadInputTests.AssertBadInput(LentProcess.RunIn(dir.Path, "flatness", "--checkpoint", dir.File("mlp/checkpoint.bin"),
            "--other", dir.File("conv/checkpoint.bin"), "--out", dir.File("f")), "conv", "mlp");
    }
}
