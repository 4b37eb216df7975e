namespace LocalEntropy.Cli.Tests;

public class DemoCommandTests
{
    [Fact]
    public void Demo_SmallRun_PrintsTableAndWritesPlotsAndSummary()
    {
        using var dir = new TempDir();
        string output = dir.File("out");

        var r = LentProcess.Run("demo", "--n", "101", "--alphas", "0.3", "0.5", "--seeds", "1", "--seconds", "0.5", "--out", output);

        Assert.Equal(0, r.ExitCode);
        foreach (string label in new[] { "sa (errors)", "sa (hinge k=4)", "rmc (y=7)", "rsgd (y=7)", "fbp" }) Assert.Contains(label, r.Stdout, StringComparison.Ordinal);
        AssertOutputs(output, ["0.3", "0.5"], 5);
    }

    [Fact]
    public void Demo_KSat_SmallRun_RunsSaRmcAndWalkSatAndWritesPlotsAndSummary()
    {
        using var dir = new TempDir();
        string output = dir.File("out");

        var r = LentProcess.Run("demo", "--problem", "ksat", "--n", "60", "--alphas", "2", "3", "--seeds", "2", "--seconds", "0.5", "--out", output);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Random 3-SAT", r.Stderr, StringComparison.Ordinal);
        foreach (string label in new[] { "sa", "rmc (y=", "walksat" }) Assert.Contains(label, r.Stdout, StringComparison.Ordinal);
        string[] csv = AssertOutputs(output, ["2", "3"], 3 * 2);
        // Easy formulas (α = 2, 3 at N = 60): WalkSAT solves every one, and every row reports what its solver found.
        Assert.All(csv.Skip(1).Where(l => l.StartsWith("walksat,", StringComparison.Ordinal)), l => Assert.Contains(",True,0,", l, StringComparison.Ordinal));
        Assert.True(new FileInfo(Path.Combine(output, "success-vs-alpha.png")).Length > 1000);
    }

    private static string[] AssertOutputs(string output, string[] alphas, int runsPerAlpha)
    {
        foreach (string a in alphas)
        {
            string png = Path.Combine(output, $"errors-vs-time-alpha-{a}.png");
            Assert.True(new FileInfo(png).Length > 1000);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png).Take(4));
        }
        string[] csv = File.ReadAllLines(Path.Combine(output, "summary.csv"));
        Assert.Equal(1 + runsPerAlpha * alphas.Length, csv.Length);
        Assert.StartsWith("algorithm,alpha,seed,solved,errors", csv[0], StringComparison.Ordinal);
        return csv;
    }

    [Theory]
    [InlineData("--problem", "sat", "sat")]
    [InlineData("--n", "0", "--n")]
    [InlineData("--alphas", "-1", "--alphas")]
    [InlineData("--seconds", "0", "--seconds")]
    [InlineData("--seeds", "0", "--seeds")]
    [InlineData("--n", "x", "--n")]
    public void Demo_BadValue_ExitsTwoWithOneLineAndWritesNothing(string option, string value, string mention)
    {
        using var dir = new TempDir();
        string output = dir.File("out");
        string[] problem = option == "--problem" ? [] : ["--problem", "ksat"];

        var r = LentProcess.Run(["demo", .. problem, option, value, "--out", output]);

        BadInputTests.AssertBadInput(r, mention);
        Assert.False(Directory.Exists(output));
    }
}
