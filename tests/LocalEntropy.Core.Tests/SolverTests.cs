using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests;

public class SolverTests
{
    private static readonly SolverLimits Budget = new() { MaxIterations = 20_000 };

    public static TheoryData<string> Names => ["sa", "sa-errors", "rmc", "rsgd"];

    private static ISolver<Perceptron> Create(string name, SolverLimits limits) => name switch
    {
        "sa" => new SimulatedAnnealing(new SimulatedAnnealingOptions { Limits = limits }),
        "sa-errors" => new SimulatedAnnealing(new SimulatedAnnealingOptions { Energy = MoveEnergy.Errors, Limits = limits }),
        "rmc" => new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions { Limits = limits }),
        "rsgd" => new ReplicatedSgd(new ReplicatedSgdOptions { Limits = limits }),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Solve_EasyInstance_FindsVerifiedSolution(string name)
    {
        Perceptron problem = PerceptronGenerator.Random(101, 20, new Rng(1));
        SolveResult r = Create(name, Budget).Solve(problem, new Rng(2));
        Assert.Equal(StopReason.Solved, r.StopReason);
        Assert.True(r.Solved);
        Assert.Equal(0, problem.Errors(r.Best));
        Assert.Equal(0, r.Errors);
        Assert.True(r.Iterations >= 1);
        Assert.NotEmpty(r.Trace);
        Assert.Equal(0, r.Trace[^1].Errors);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Solve_SameSeed_IdenticalResult(string name)
    {
        Perceptron problem = PerceptronGenerator.Random(201, 150, new Rng(3));
        var limits = new SolverLimits { MaxIterations = 30 };
        SolveResult a = Create(name, limits).Solve(problem, new Rng(9));
        SolveResult b = Create(name, limits).Solve(problem, new Rng(9));
        SolveResult c = Create(name, limits).Solve(problem, new Rng(10));
        Assert.Equal(a.Best, b.Best);
        Assert.Equal(a.Errors, b.Errors);
        Assert.Equal(a.Iterations, b.Iterations);
        Assert.NotEqual(a.Best, c.Best);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Solve_TinyBudgetOnHardInstance_StopsAtMaxIterationsWithRecomputedErrors(string name)
    {
        Perceptron problem = PerceptronGenerator.Random(201, 180, new Rng(4));
        SolveResult r = Create(name, new SolverLimits { MaxIterations = 3 }).Solve(problem, new Rng(5));
        Assert.Equal(StopReason.MaxIterations, r.StopReason);
        Assert.Equal(3, r.Iterations);
        Assert.False(r.Solved);
        Assert.Equal(problem.Errors(r.Best), r.Errors);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Solve_CancelledToken_StopsAsCancelled(string name)
    {
        Perceptron problem = PerceptronGenerator.Random(201, 180, new Rng(4));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        SolveResult r = Create(name, Budget).Solve(problem, new Rng(5), null, cts.Token);
        Assert.Equal(StopReason.Cancelled, r.StopReason);
        Assert.Equal(1, r.Iterations);
    }

    [Fact]
    public void Solve_TimeLimit_StopsAsTimeLimit()
    {
        Perceptron problem = PerceptronGenerator.Random(301, 290, new Rng(6));
        var solver = new SimulatedAnnealing(new SimulatedAnnealingOptions
        {
            Energy = MoveEnergy.Errors,
            Limits = new SolverLimits { TimeLimit = TimeSpan.FromMilliseconds(200), MaxIterations = long.MaxValue },
        });
        SolveResult r = solver.Solve(problem, new Rng(1));
        Assert.Equal(StopReason.TimeLimit, r.StopReason);
        Assert.InRange(r.Elapsed.TotalSeconds, 0.2, 5);
    }

    [Fact]
    public void Solve_ReportsProgress()
    {
        Perceptron problem = PerceptronGenerator.Random(101, 20, new Rng(1));
        var reports = new List<SolveProgress>();
        var progress = new Collecting(reports);
        new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions { Limits = Budget }).Solve(problem, new Rng(2), progress);
        Assert.NotEmpty(reports);
        Assert.Equal(0, reports[^1].BestErrors);
    }

    [Fact]
    public void Options_Validate_RejectsImpossibleSettings()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions { Replicas = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions { Gamma = Ramp.Geometric(0, 3) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedAnnealing(new SimulatedAnnealingOptions { SweepsPerRun = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedAnnealing(new SimulatedAnnealingOptions { RestartGrowth = 0.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedAnnealing(new SimulatedAnnealingOptions { Energy = MoveEnergy.Hinge(-2) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicatedSgd(new ReplicatedSgdOptions { GammaStep = -1e-4 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicatedSgd(new ReplicatedSgdOptions { BatchSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicatedSgd(new ReplicatedSgdOptions { LearningRate = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicatedSgd(new ReplicatedSgdOptions { Limits = new SolverLimits { MaxIterations = 0 } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicatedSgd(new ReplicatedSgdOptions { Limits = new SolverLimits { TimeLimit = TimeSpan.FromSeconds(-1) } }));
    }

    private sealed class Collecting(List<SolveProgress> into) : IProgress<SolveProgress>
    {
        public void Report(SolveProgress value) => into.Add(value);
    }
}

public class ReplicatedSgdCouplingTests
{
    private static double MeanOverlapWithCentre(ReplicatedSgdState state, int n)
    {
        var sums = new int[n];
        for (int a = 0; a < state.Replicas; a++)
        {
            for (int j = 0; j < n; j++) sums[j] += state.Weights(a)[j];
        }
        double total = 0;
        for (int a = 0; a < state.Replicas; a++)
        {
            for (int j = 0; j < n; j++) total += state.Weights(a)[j] * Math.Sign(sums[j]);
        }
        return total / (state.Replicas * n);
    }

    [Fact]
    public void Couple_MovesHiddenWeightsTowardsTheMajority()
    {
        const int n = 301, y = 7;
        Perceptron problem = PerceptronGenerator.Random(n, 10, new Rng(1));
        var state = new ReplicatedSgdState(problem, y);
        var rng = new Rng(2);
        for (int a = 0; a < y; a++)
        {
            Span<float> h = state.Hidden(a);
            for (int j = 0; j < n; j++) h[j] = (float)(rng.NextDouble() * 2 - 1);
        }
        state.Refresh();
        float[][] before = [.. Enumerable.Range(0, y).Select(a => state.Hidden(a).ToArray())];
        int[] sums = [.. Enumerable.Range(0, n).Select(j => Enumerable.Range(0, y).Sum(a => state.Weights(a)[j]))];
        state.SetGamma(2.0, 0.5f);

        state.Couple();

        int checkedSites = 0;
        for (int a = 0; a < y; a++)
        {
            for (int j = 0; j < n; j++)
            {
                int w = before[a][j] >= 0 ? 1 : -1;
                if (w == Math.Sign(sums[j])) continue;
                // A replica in the minority at site j is pulled towards the majority sign.
                float moved = state.Hidden(a)[j] - before[a][j];
                Assert.True(moved * sums[j] > 0, $"replica {a}, site {j}: moved {moved} against S = {sums[j]}");
                checkedSites++;
            }
        }
        Assert.True(checkedSites > 100);
    }

    [Fact]
    public void Couple_Repeatedly_IncreasesOverlapWithCentre()
    {
        const int n = 301, y = 5;
        Perceptron problem = PerceptronGenerator.Random(n, 10, new Rng(1));
        var state = new ReplicatedSgdState(problem, y);
        var rng = new Rng(3);
        for (int a = 0; a < y; a++)
        {
            Span<float> h = state.Hidden(a);
            for (int j = 0; j < n; j++) h[j] = (float)(rng.NextDouble() * 2 - 1);
        }
        state.Refresh();
        double start = MeanOverlapWithCentre(state, n);
        state.SetGamma(1.0, 0.3f);
        for (int k = 0; k < 10; k++) state.Couple();
        double end = MeanOverlapWithCentre(state, n);
        Assert.True(start < 0.7, $"replicas should start apart (overlap {start})");
        Assert.True(end > 0.99, $"coupling should align the replicas (overlap {start} → {end})");
    }
}
