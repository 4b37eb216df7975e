using System.Text.Json;

namespace LocalEntropy.Cli.Tests;

/// <summary>--levels L on generate, solve, energy and count, and the weights-file format for multi-level weights.</summary>
public class LevelsCommandTests
{
    [Fact]
    public void GenerateSolveEnergy_WithLevels_RoundTripsThroughTheFiles()
    {
        using var dir = new TempDir();
        var g = LentProcess.RunIn(dir.Path, "generate", "perceptron", "--n", "101", "--alpha", "0.3", "--levels", "4", "--seed", "3", "--out", "p.txt");
        Assert.Equal(0, g.ExitCode);
        Assert.Contains("# levels: 4", File.ReadAllText(dir.File("p.txt")));
        // The levels come from the pattern file's '# levels: 4' line.
        var s = LentProcess.RunIn(dir.Path, "solve", "--patterns", "p.txt", "-a", "sa", "--seed", "2", "--chains", "1", "--out", "w.txt", "--json");
        Assert.Equal(0, s.ExitCode);
        using var report = JsonDocument.Parse(s.Stdout);
        Assert.Equal(4, report.RootElement.GetProperty("levels").GetInt32());
        string[] lines = File.ReadAllLines(dir.File("w.txt"));
        Assert.Equal("# levels: 4", lines[0]);
        Assert.Equal(report.RootElement.GetProperty("weights").GetString(), lines[1]);
        Assert.All(lines[1].Split(' '), v => Assert.Contains(v, new[] { "-4", "-2", "0", "2", "4" }));
        var e = LentProcess.RunIn(dir.Path, "energy", "--patterns", "p.txt", "--weights", "w.txt");
        Assert.Equal((0, "0"), (e.ExitCode, e.Stdout.Trim()));
        // Every weight one level down from a solution is usually not one; energy must count from the numerators.
        dir.Write("low.txt", "# levels: 4\n" + string.Join(' ', Enumerable.Repeat("-4", 101)) + "\n");
        var low = LentProcess.RunIn(dir.Path, "energy", "--patterns", "p.txt", "--weights", "low.txt");
        Assert.Equal(0, low.ExitCode);
        Assert.True(int.Parse(low.Stdout.Trim()) > 0);
    }

    [Fact]
    public void Count_WithLevels_CountsEveryConfiguration()
    {
        var r = LentProcess.Run("count", "--n", "6", "--alpha", "0.5", "--levels", "2", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(729, doc.RootElement.GetProperty("configurations").GetDouble());
        Assert.True(doc.RootElement.GetProperty("solutions").GetInt64() > 0);
        // L = 1 through the level path equals the binary enumeration.
        var one = JsonDocument.Parse(LentProcess.Run("count", "--n", "11", "--alpha", "0.4", "--levels", "1", "--json").Stdout);
        var binary = JsonDocument.Parse(LentProcess.Run("count", "--n", "11", "--alpha", "0.4", "--json").Stdout);
        Assert.Equal(binary.RootElement.GetProperty("solutions").GetInt64(), one.RootElement.GetProperty("solutions").GetInt64());
    }

    [Theory]
    [InlineData("0", "--levels")]
    [InlineData("-3", "--levels")]
    [InlineData("2.5", "--levels")]
    [InlineData("abc", "--levels")]
    [InlineData("128", "--levels")]
    public void Solve_LevelsNotAPositiveInteger_IsBadInput(string value, string mention)
    {
        BadInputTests.AssertBadInput(LentProcess.Run("solve", "--n", "11", "--alpha", "0.3", "--levels", value), mention);
    }

    [Theory]
    [InlineData("# levels: 2\n2 0 1 -2 2\n", "w.txt:2:", "'1'")]
    [InlineData("2 0 4 -2 2\n", "w.txt:1:", "'4'")]
    [InlineData("# levels: 3\n2 0 2 -2 2\n", "w.txt:1:", "L = 3")]
    [InlineData("# levels: two\n2 0 2 -2 2\n", "w.txt:1:", "'two'")]
    [InlineData("2 0 2 -2\n", "w.txt:1:", "4 weights")]
    [InlineData("2 0 2 -2 2\n0 0 0 0 0\n", "w.txt:2:", "second line")]
    public void Energy_WeightsOutsideTheLevelSet_NamesFileAndLine(string content, string location, string detail)
    {
        using var dir = new TempDir();
        dir.Write("p.txt", "1 1 -1 1 1 1\n-1 1 1 -1 1 1\n");
        dir.Write("w.txt", content);
        BadInputTests.AssertBadInput(LentProcess.RunIn(dir.Path, "energy", "--patterns", "p.txt", "--weights", "w.txt", "--levels", "2"), location, detail);
    }

    [Fact]
    public void Levels_DisagreeingWithThePatternFile_OrWithACommittee_IsBadInput()
    {
        using var dir = new TempDir();
        dir.Write("p.txt", "# levels: 4\n1 1 -1 1 1 1\n-1 1 1 -1 1 1\n");
        BadInputTests.AssertBadInput(LentProcess.RunIn(dir.Path, "solve", "--patterns", "p.txt", "--levels", "2"), "--levels 2", "levels 4");
        BadInputTests.AssertBadInput(LentProcess.Run("solve", "--n", "11", "--k", "3", "--alpha", "0.3", "--levels", "2"), "--levels");
        BadInputTests.AssertBadInput(LentProcess.Run("solve", "--n", "11", "--alpha", "0.3", "--levels", "2", "-a", "fbp"), "fbp", "sa, rmc, rsgd");
        BadInputTests.AssertBadInput(LentProcess.Run("count", "--n", "30", "--alpha", "0.3", "--levels", "4"), "2^32");
        dir.Write("bad.txt", "# levels: 0\n1 1 -1\n");
        BadInputTests.AssertBadInput(LentProcess.RunIn(dir.Path, "solve", "--patterns", "bad.txt"), "bad.txt:1:");
    }
}
