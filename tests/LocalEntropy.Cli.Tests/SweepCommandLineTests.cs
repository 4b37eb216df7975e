using LocalEntropy.Cli.Commands;
using LocalEntropy.Experiments;

namespace LocalEntropy.Cli.Tests;

public class SweepCommandLineTests
{
    private static StoredRun Run(string algorithm, int n, double alpha, ulong seed) =>
        new("scaling", "perceptron", n, 1, (int)Math.Round(alpha * n), alpha, false, algorithm, seed, true, 0, 10, 1, null,
            SolveCommandLine.Parse(FormattableString.Invariant($"lent solve --n {n} --alpha {alpha} --seed {seed} -a {algorithm} --chains 1 --threads 1 --max-seconds 300")),
            "1.0.0+test", "host", "2026-01-02T03:04:05.000Z", "2026-01-02T03:04:06.000Z");

    [Fact]
    public void Of_AnAlgorithmMissingSomeCells_IsReadBackAsGridsThatEachRunNothingMissing()
    {
        // fbp where dense BP fits (not at N = 8001, α = 0.7), sa everywhere; stored in an order workers might choose.
        (int N, double Alpha)[] all = [(501, 0.6), (501, 0.7), (8001, 0.6), (8001, 0.7)];
        StoredRun[] runs =
        [
            .. new ulong[] { 1, 2 }.SelectMany(seed => all.SelectMany(c => new[] { Run("fbp", c.N, c.Alpha, seed), Run("sa", c.N, c.Alpha, seed) }))
                .Where(r => !(r.Algorithm == "fbp" && r.N == 8001 && r.Alpha == 0.7)).Reverse(),
        ];

        IReadOnlyList<string> commands = SweepCommandLine.Of(Assert.Single(ReportSection.Of(runs, SolverCatalog.Names)), "s.sqlite");

        Assert.Equal(
            [
                "lent sweep --n 501,8001 --alphas 0.6,0.7 --algorithms sa --seeds 2 --max-seconds 300 --db s.sqlite --name scaling",
                "lent sweep --n 501 --alphas 0.6,0.7 --algorithms fbp --seeds 2 --max-seconds 300 --db s.sqlite --name scaling",
                "lent sweep --n 8001 --alphas 0.6 --algorithms fbp --seeds 2 --max-seconds 300 --db s.sqlite --name scaling",
            ],
            commands);
    }

    [Fact]
    public void Of_EveryCellOfTheGrid_IsOneCommand()
    {
        StoredRun[] runs = [.. new[] { "sa", "fbp" }.SelectMany(a => new[] { 501, 1001 }.Select(n => Run(a, n, 0.6, 1)))];

        Assert.Equal(
            ["lent sweep --n 501,1001 --alphas 0.6 --algorithms sa,fbp --seeds 1 --max-seconds 300 --db s.sqlite --name scaling"],
            SweepCommandLine.Of(Assert.Single(ReportSection.Of(runs, SolverCatalog.Names)), "s.sqlite"));
    }
}
