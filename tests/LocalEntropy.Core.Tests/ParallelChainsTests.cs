using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests;

public class ParallelChainsTests
{
    // Hard enough at N = 301 that independent chains need different numbers of sweeps.
    private static readonly Perceptron Problem = PerceptronGenerator.Random(301, 195, new Rng(8));
    private static readonly SolverLimits Limits = new() { MaxIterations = 50_000 };

    private static ISolver<Perceptron> Create(string name, SolverLimits limits) => name switch
    {
        "sa" => new SimulatedAnnealing(new SimulatedAnnealingOptions { Limits = limits }),
        "rmc" => new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions { Limits = limits }),
        "rsgd" => new ReplicatedSgd(new ReplicatedSgdOptions { Limits = limits }),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [InlineData("rmc")]
    [InlineData("sa")]
    [InlineData("rsgd")]
    public void Solve_ResultDoesNotDependOnThreadCount(string name)
    {
        SolveResult Run(int threads) =>
            new ParallelChains<Perceptron>(l => Create(name, l), Limits, chains: 3, threads).Solve(Problem, new Rng(4));
        SolveResult one = Run(1), two = Run(2), three = Run(3);
        Assert.True(one.Solved);
        Assert.Equal(one.Best, two.Best);
        Assert.Equal(one.Best, three.Best);
        Assert.Equal(one.Iterations, two.Iterations);
        Assert.Equal(one.Iterations, three.Iterations);
    }

    [Fact]
    public void Solve_WinnerIsTheChainThatSolvesInFewestIterations()
    {
        var rng = new Rng(4);
        long[] alone = [.. Enumerable.Range(0, 3).Select(k => Create("rmc", Limits).Solve(Problem, rng.Fork((ulong)k)).Iterations)];
        int winner = Array.IndexOf(alone, alone.Min());

        SolveResult together = new ParallelChains<Perceptron>(l => Create("rmc", l), Limits, 3, 2).Solve(Problem, rng);

        Assert.Equal(alone.Min(), together.Iterations);
        Assert.Equal(Create("rmc", Limits).Solve(Problem, rng.Fork((ulong)winner)).Best, together.Best);
    }

    [Fact]
    public void Solve_OneChain_FollowsForkZero()
    {
        var rng = new Rng(6);
        SolveResult direct = Create("sa", Limits).Solve(Problem, rng.Fork(0));
        SolveResult wrapped = new ParallelChains<Perceptron>(l => Create("sa", l), Limits, 1, 4).Solve(Problem, rng);
        Assert.Equal(direct.Best, wrapped.Best);
        Assert.Equal(direct.Iterations, wrapped.Iterations);
    }

    [Fact]
    public void Solve_NoChainSolves_ReturnsFewestErrorsAndMaxIterations()
    {
        Perceptron hard = PerceptronGenerator.Random(201, 190, new Rng(9));
        var limits = new SolverLimits { MaxIterations = 2 };
        SolveResult r = new ParallelChains<Perceptron>(l => Create("sa", l), limits, 3, 2).Solve(hard, new Rng(1));
        Assert.False(r.Solved);
        Assert.Equal(StopReason.MaxIterations, r.StopReason);
        long fewest = Enumerable.Range(0, 3).Min(k => Create("sa", limits).Solve(hard, new Rng(1).Fork((ulong)k)).Errors);
        Assert.Equal(fewest, r.Errors);
    }

    [Fact]
    public void Constructor_RejectsZeroChains() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParallelChains<Perceptron>(l => Create("sa", l), Limits, 0, 1));
}
