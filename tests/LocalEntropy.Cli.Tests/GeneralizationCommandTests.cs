using System.Text.Json;

namespace LocalEntropy.Cli.Tests;

public class GeneralizationCommandTests
{
    [Fact]
    public void SmallN_Json_HasSolverAndExactColumnsAndPerInstanceDetail()
    {
        using var dir = new TempDir();
        string png = dir.File("g.png");

        var r = LentProcess.Run("landscape", "generalization", "--n", "15", "--alphas", "0.5,1", "--seeds", "2", "--algorithms", "sa,fbp",
            "--test-patterns", "500", "--typical", "--json", "--plot", png);

        Assert.Equal(0, r.ExitCode);
        JsonElement root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(15, root.GetProperty("n").GetInt32());
        Assert.True(root.GetProperty("exact").GetBoolean());
        Assert.Equal(["fbp"], root.GetProperty("centres").EnumerateArray().Select(c => c.GetString()));
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([0.5, 1.0], rows.Select(x => x.GetProperty("alpha").GetDouble()));
        foreach (JsonElement row in rows)
        {
            Assert.Equal(2, row.GetProperty("instances").GetInt32());
            Assert.Equal(["sa", "fbp"], row.GetProperty("solvers").EnumerateArray().Select(s => s.GetProperty("algorithm").GetString()));
            double gibbs = row.GetProperty("gibbs").GetDouble(), bayes = row.GetProperty("bayes").GetDouble();
            Assert.InRange(bayes, 0, 0.5);
            Assert.InRange(gibbs, 0, 0.5);
            Assert.InRange(row.GetProperty("gibbsExact").GetDouble(), 0, 0.5);
            Assert.InRange(row.GetProperty("gibbsArccos").GetDouble(), 0, 0.5);
            Assert.True(row.GetProperty("solutions").GetDouble() >= 1);
            Assert.InRange(row.GetProperty("theory").GetDouble(), 0, 0.5);
            Assert.Equal([0.1, 0.2, 0.3], row.GetProperty("local").EnumerateArray().Select(l => l.GetProperty("d").GetDouble()));
            Assert.Equal([2, 3, 5], row.GetProperty("local").EnumerateArray().Select(l => l.GetProperty("r").GetInt32()));
            Assert.Equal([2, 3, 5], row.GetProperty("typical").EnumerateArray().Select(l => l.GetProperty("r").GetInt32()));
            var instances = row.GetProperty("perInstance").EnumerateArray().ToList();
            Assert.Equal([1UL, 2UL], instances.Select(i => i.GetProperty("seed").GetUInt64()));
            foreach (JsonElement i in instances)
            {
                var runs = i.GetProperty("runs").EnumerateArray().ToList();
                Assert.Equal(2, runs.Count);
                foreach (JsonElement run in runs)
                {
                    foreach (string field in new[] { "solved", "errors", "stopReason", "seconds", "testError", "exactError", "arccosError", "overlap" })
                        Assert.True(run.TryGetProperty(field, out _), field);
                }
                Assert.Equal(3, i.GetProperty("local").GetArrayLength());
                Assert.Equal(3, i.GetProperty("typical").GetArrayLength());
                Assert.Equal("fbp", i.GetProperty("centre").GetString());
                Assert.True(i.GetProperty("bayes").GetDouble() <= 0.5);
            }
        }
        Assert.True(new FileInfo(png).Length > 1000);
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void SolverRuns_AreThoseOfLentSolveWithTheSameSeed()
    {
        var g = LentProcess.Run("landscape", "generalization", "--n", "21", "--alphas", "0.6", "--seeds", "3:3", "--algorithms", "rsgd",
            "--test-patterns", "100", "--json");
        var s = LentProcess.Run("solve", "--n", "21", "--alpha", "0.6", "--teacher", "--seed", "3", "-a", "rsgd", "--json");

        Assert.Equal(0, g.ExitCode);
        JsonElement run = JsonDocument.Parse(g.Stdout).RootElement.GetProperty("rows")[0].GetProperty("perInstance")[0].GetProperty("runs")[0];
        JsonElement solved = JsonDocument.Parse(s.Stdout).RootElement;
        Assert.Equal(solved.GetProperty("generalizationError").GetDouble(), run.GetProperty("arccosError").GetDouble(), 12);
        Assert.Equal(solved.GetProperty("errors").GetInt32(), run.GetProperty("errors").GetInt32());
    }

    [Fact]
    public void SmallN_Table_HasOneRowPerLoadWithExactColumns()
    {
        var r = LentProcess.Run("landscape", "generalization", "--n", "13", "--alphas", "0.4:0.8:0.4", "--seeds", "2", "--algorithms", "rmc",
            "--test-patterns", "200", "--distances", "0.2");

        Assert.Equal(0, r.ExitCode);
        string[] lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(["alpha", "P", "instances", "rmc", "rmc solved", "gibbs", "gibbs exact", "gibbs arccos", "bayes", "local d=0.2 r=3", "solutions", "theory"], lines[0].Split('\t'));
        Assert.StartsWith("0.4\t5\t2\t", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("0.8\t10\t2\t", lines[2], StringComparison.Ordinal);
        // Replica theory's Gibbs error at α = 0.4 and 0.8 (lent theory teacher).
        Assert.EndsWith("\t0.4237", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("\t0.3497", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void LargeN_SkipsTheExactColumnsWithANote()
    {
        var r = LentProcess.Run("landscape", "generalization", "--n", "101", "--alphas", "0.3", "--seeds", "1", "--algorithms", "rsgd",
            "--test-patterns", "1000", "--json");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("no exact enumeration", r.Stderr, StringComparison.Ordinal);
        JsonElement root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.False(root.GetProperty("exact").GetBoolean());
        JsonElement row = root.GetProperty("rows")[0];
        Assert.Equal(JsonValueKind.Null, row.GetProperty("gibbs").ValueKind);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("local").ValueKind);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("typical").ValueKind);
        Assert.InRange(row.GetProperty("solvers")[0].GetProperty("testError").GetDouble(), 0, 0.5);
        Assert.Equal(0.44217, row.GetProperty("theory").GetDouble(), 5);
    }

    [Theory]
    [InlineData("--algorithms", "sa,simplex", "simplex")]
    [InlineData("--algorithms", "sa,,rmc", "--algorithms: an empty name")]
    [InlineData("--alphas", "0.5,x", "--alphas")]
    [InlineData("--alphas", "0.9:0.5:0.1", "--alphas")]
    [InlineData("--seeds", "0", "--seeds")]
    [InlineData("--seeds", "5:2", "--seeds")]
    [InlineData("--n", "16", "odd")]
    [InlineData("--distances", "0.1,2", "--distances")]
    [InlineData("--test-patterns", "0", "--test-patterns")]
    [InlineData("--max-seconds", "-1", "--max-seconds")]
    public void BadInput_ExitsTwoAndWritesNothing(string option, string value, string mention)
    {
        using var dir = new TempDir();
        string[] defaults = ["--n", "15", "--alphas", "0.5", "--seeds", "1"];
        int replaced = Array.IndexOf(defaults, option);
        string[] args = replaced >= 0 ? [.. defaults[..replaced], option, value, .. defaults[(replaced + 2)..]] : [.. defaults, option, value];

        BadInputTests.AssertBadInput(LentProcess.RunIn(dir.Path, ["landscape", "generalization", .. args, "--plot", "g.png"]), mention);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void CtrlC_ExitsWith130AndWritesNothing()
    {
        if (OperatingSystem.IsWindows()) return;
        using var dir = new TempDir();

        // SA cannot solve N = 1001 at α = 0.9: a minute per run, interrupted after a few seconds of processor time.
        var r = LentProcess.Interrupt(dir.Path, TimeSpan.FromSeconds(3), "landscape", "generalization", "--n", "1001", "--alphas", "0.9",
            "--seeds", "2", "--algorithms", "sa", "--plot", "g.png", "--json");

        Assert.Equal(130, r.ExitCode);
        Assert.Contains("interrupted; nothing written", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
