namespace LocalEntropy.Cli.Tests;

public class BadInputTests
{
    /// <summary>Exit code 2, nothing on stdout, one line on stderr that names each of <paramref name="mentions"/>.</summary>
    internal static void AssertBadInput(LentProcess.Outcome r, params string[] mentions)
    {
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        string[] lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("lent: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        foreach (string m in mentions) Assert.Contains(m, lines[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1 1 -1\n1 0 1\n", "p.txt:2:", "'0'")]
    [InlineData("# c\n1 1 -1\n1 x 1\n", "p.txt:3:", "'x'")]
    [InlineData("1 1 -1 1\n1 1 -1\n", "p.txt:2:", "3 values")]
    [InlineData("", "p.txt:", "no patterns")]
    [InlineData("# only a comment\n", "p.txt:", "no patterns")]
    [InlineData("1\n", "p.txt:1:", "label")]
    [InlineData("# teacher: +-\n1 1 -1 1\n", "p.txt:1:", "teacher")]
    public void Solve_MalformedPatternFile_NamesFileAndLine(string content, string location, string detail)
    {
        using var dir = new TempDir();
        string patterns = dir.Write("p.txt", content);
        string output = dir.File("w.txt");
        var r = LentProcess.RunIn(dir.Path, "solve", "--patterns", "p.txt", "--out", output);
        AssertBadInput(r, location, detail);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("+-+\n", "w.txt:1:", "3 weights")]
    [InlineData("1 -1 2 1\n", "w.txt:1:", "'2'")]
    [InlineData("+-+-\n-+-+\n", "w.txt:2:", "second line")]
    [InlineData("+-*-\n", "w.txt:1:", "'*'")]
    [InlineData("# nothing\n", "w.txt:", "no weights")]
    public void Energy_MalformedWeightsFile_NamesFileAndLine(string content, string location, string detail)
    {
        using var dir = new TempDir();
        dir.Write("p.txt", "1 1 -1 1 1\n-1 1 1 -1 1\n");
        dir.Write("w.txt", content);
        AssertBadInput(LentProcess.RunIn(dir.Path, "energy", "--patterns", "p.txt", "--weights", "w.txt"), location, detail);
    }

    [Theory]
    [InlineData("--n", "0", "--n")]
    [InlineData("--alpha", "-0.5", "--alpha")]
    [InlineData("--alpha", "0", "--alpha")]
    [InlineData("--max-seconds", "-1", "--max-seconds")]
    [InlineData("--algorithm", "simplex", "simplex")]
    [InlineData("--replicas", "0", "--replicas")]
    [InlineData("--seed", "minus-one", "minus-one")]
    [InlineData("--max-iterations", "0", "--max-iterations")]
    [InlineData("--n", "abc", "--n: 'abc' is not an integer")]
    [InlineData("--replicas", "x", "--replicas: 'x' is not an integer")]
    [InlineData("--max-iterations", "1e3", "--max-iterations")]
    [InlineData("--max-seconds", "soon", "--max-seconds: 'soon' is not a number")]
    [InlineData("--out", "/nonexistent-folder/w.txt", "folder does not exist")]
    public void Solve_OutOfRangeValue_ExitsTwo(string option, string value, string mention)
    {
        string[] args = ["solve", "--n", "11", "--alpha", "0.5", "--max-seconds", "1"];
        int i = Array.IndexOf(args, option);
        if (i >= 0) args[i + 1] = value;
        else args = [.. args, option, value];
        AssertBadInput(LentProcess.Run(args), mention);
    }

    [Fact]
    public void Solve_UnknownFlag_ExitsTwo() =>
        AssertBadInput(LentProcess.Run("solve", "--n", "11", "--alpha", "0.5", "--frobnicate"), "--frobnicate");

    [Fact]
    public void Solve_MissingPatternFile_ExitsTwo() =>
        AssertBadInput(LentProcess.Run("solve", "--patterns", "/nonexistent/p.txt"), "/nonexistent/p.txt");

    [Fact]
    public void Solve_BothFileAndGenerator_ExitsTwo()
    {
        using var dir = new TempDir();
        dir.Write("p.txt", "1 1 -1\n");
        AssertBadInput(LentProcess.RunIn(dir.Path, "solve", "--patterns", "p.txt", "--n", "11"), "not both");
    }

    [Fact]
    public void Solve_NoInstance_ExitsTwo() => AssertBadInput(LentProcess.Run("solve"), "--patterns");

    [Fact]
    public void Solve_EnergyForRsgd_ExitsTwo() =>
        AssertBadInput(LentProcess.Run("solve", "--n", "11", "--alpha", "0.5", "-a", "rsgd", "--energy", "hinge"), "--energy");

    [Fact]
    public void Generate_IntoMissingFolder_ExitsTwoAndWritesNothing()
    {
        AssertBadInput(LentProcess.Run("generate", "perceptron", "--n", "11", "--alpha", "0.5", "--out", "/nonexistent-dir/p.txt"), "/nonexistent-dir");
    }
}
