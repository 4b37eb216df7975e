using System.Text.Json;

namespace LocalEntropy.Cli.Tests;

public class LandscapeCommandTests
{
    [Fact]
    public void LocalEntropy_AroundTeacher_PrintsCurveAndWritesPlot()
    {
        using var dir = new TempDir();
        string patterns = dir.File("p.txt");
        Assert.Equal(0, LentProcess.Run("generate", "perceptron", "--n", "151", "--alpha", "0.4", "--teacher", "--seed", "2", "--out", patterns).ExitCode);
        string teacher = File.ReadLines(patterns).First(l => l.StartsWith("# teacher:", StringComparison.Ordinal))["# teacher:".Length..].Trim();
        string weights = dir.Write("w.txt", teacher + "\n");
        string png = dir.File("curve.png");

        var r = LentProcess.Run("landscape", "local-entropy", "--patterns", patterns, "--weights", weights, "--points", "5", "--json", "--plot", png);

        Assert.Equal(0, r.ExitCode);
        JsonElement root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(0, root.GetProperty("referenceErrors").GetInt32());
        var points = root.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(5, points.Count);
        Assert.Equal(4.0, points[0].GetProperty("gamma").GetDouble(), 9);
        double previous = -1;
        foreach (JsonElement p in points)
        {
            double d = p.GetProperty("d").GetDouble();
            Assert.True(d >= previous - 1e-9, "distance grows as γ falls");
            Assert.True(p.GetProperty("s").GetDouble() <= p.GetProperty("h").GetDouble() + 1e-5);
            previous = d;
        }
        Assert.True(new FileInfo(png).Length > 1000);
        Assert.Single(Directory.GetFiles(dir.Path, "*.png"));
    }

    [Fact]
    public void LocalEntropy_BadGammaRange_ExitsTwo()
    {
        using var dir = new TempDir();
        dir.Write("p.txt", "1 1 -1 1\n");
        dir.Write("w.txt", "+-+\n");
        var r = LentProcess.RunIn(dir.Path, "landscape", "local-entropy", "--patterns", "p.txt", "--weights", "w.txt", "--gamma-max", "0.1", "--gamma-min", "0.5");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--gamma-max", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.5:3:4")]
    [InlineData("3,0.5,4")]
    [InlineData("0.5", "3", "4")]
    public void LocalEntropy_GammaRange_SetsTheGrid(params string[] range)
    {
        using var dir = new TempDir();
        string patterns = dir.File("p.txt");
        LentProcess.Run("generate", "perceptron", "--n", "61", "--alpha", "0.3", "--teacher", "--seed", "3", "--out", patterns);
        string teacher = File.ReadLines(patterns).First(l => l.StartsWith("# teacher:", StringComparison.Ordinal))["# teacher:".Length..].Trim();
        string weights = dir.Write("w.txt", teacher + "\n");

        var r = LentProcess.Run(["landscape", "local-entropy", "--patterns", patterns, "--weights", weights, "--json", "--gamma-range", .. range]);

        Assert.Equal(0, r.ExitCode);
        double[] gammas = [.. JsonDocument.Parse(r.Stdout).RootElement.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("gamma").GetDouble())];
        Assert.Equal(4, gammas.Length);
        Assert.Equal(3.0, gammas[0], 9);
        Assert.Equal(0.5, gammas[^1], 9);
    }

    [Theory]
    [InlineData("--gamma-range", "0.5")]
    [InlineData("--gamma-range", "0.5:x")]
    [InlineData("--gamma-range", "0.5:2:1")]
    [InlineData("--gamma-range", "0.5:2", "--gamma-max", "3")]
    public void LocalEntropy_BadGammaRangeText_ExitsTwoNamingTheOption(params string[] extra)
    {
        using var dir = new TempDir();
        dir.Write("p.txt", "1 1 -1 1\n");
        dir.Write("w.txt", "+-+\n");
        var r = LentProcess.RunIn(dir.Path, ["landscape", "local-entropy", "--patterns", "p.txt", "--weights", "w.txt", .. extra]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--gamma-range", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void LocalEntropy_CommitteeSolution_JsonReportsKAndCurveBelowBound()
    {
        using var dir = new TempDir();
        string patterns = dir.File("c.txt"), weights = dir.File("w.txt");
        Assert.Equal(0, LentProcess.Run("generate", "committee", "--n", "51", "--k", "3", "--alpha", "0.2", "--seed", "2", "--out", patterns).ExitCode);
        Assert.Equal(0, LentProcess.Run("solve", "--patterns", patterns, "--k", "3", "-a", "fbp", "--seed", "1", "--out", weights).ExitCode);

        var r = LentProcess.Run("landscape", "local-entropy", "--patterns", patterns, "--weights", weights, "--k", "3", "--points", "4", "--json");

        Assert.Equal(0, r.ExitCode);
        JsonElement root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(3, root.GetProperty("k").GetInt32());
        Assert.Equal(51, root.GetProperty("n").GetInt32());
        Assert.Equal(0, root.GetProperty("referenceErrors").GetInt32());
        var points = root.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(4, points.Count);
        Assert.All(points, p => Assert.True(p.GetProperty("s").GetDouble() <= p.GetProperty("h").GetDouble() + 1e-5));
    }

    [Fact]
    public void LocalEntropy_Replicated_NeedsNoWeightsAndStaysBelowBound()
    {
        using var dir = new TempDir();
        string patterns = dir.File("p.txt"), png = dir.File("rep.png");
        LentProcess.Run("generate", "perceptron", "--n", "201", "--alpha", "0.4", "--seed", "2", "--out", patterns);

        var r = LentProcess.Run("landscape", "local-entropy", "--patterns", patterns, "--replicas", "5", "--gamma-range", "0.3:2:4", "--json", "--plot", png);

        Assert.Equal(0, r.ExitCode);
        JsonElement root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(5.0, root.GetProperty("replicas").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("referenceErrors").ValueKind);
        var points = root.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(4, points.Count);
        Assert.Equal(0.3, points[0].GetProperty("gamma").GetDouble(), 9);
        Assert.Equal(2.0, points[^1].GetProperty("gamma").GetDouble(), 9);
        Assert.All(points, p => Assert.True(p.GetProperty("s").GetDouble() <= p.GetProperty("h").GetDouble() + 1e-5));
        Assert.True(points[0].GetProperty("d").GetDouble() > points[^1].GetProperty("d").GetDouble());
        Assert.True(new FileInfo(png).Length > 1000);
    }

    [Theory]
    [InlineData("--replicas", "3", "--weights", "w.txt")]
    [InlineData("--points", "4")]
    [InlineData("--replicas", "0.5")]
    public void LocalEntropy_WeightsXorReplicas_ExitsTwo(params string[] extra)
    {
        using var dir = new TempDir();
        dir.Write("p.txt", "1 1 -1 1\n");
        dir.Write("w.txt", "+-+\n");
        var r = LentProcess.RunIn(dir.Path, ["landscape", "local-entropy", "--patterns", "p.txt", .. extra]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--replicas", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }
}
