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
        Assert.True(new FileInfo(Path.Combine(output, "errors-vs-time-alpha-0.3.png")).Length > 1000);
        Assert.True(new FileInfo(Path.Combine(output, "errors-vs-time-alpha-0.5.png")).Length > 1000);
        string[] csv = File.ReadAllLines(Path.Combine(output, "summary.csv"));
        Assert.Equal(1 + 5 * 2, csv.Length);
        Assert.StartsWith("algorithm,alpha,seed,solved,errors", csv[0], StringComparison.Ordinal);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(output, "errors-vs-time-alpha-0.3.png")).Take(4));
    }
}
