using BenchmarkDotNet.Attributes;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// Replicated Monte Carlo (y = 7, hinge k = 0) at N = 1001, P = 701, cut off after 1 or 5 sweeps of 7·1001 proposals.
/// Each call includes the setup (7 random replicas and their flip states), so one sweep costs (t₅ − t₁)/4.
/// Phase "start" is the default schedule's first sweeps (β ≈ 0.02, γ ≈ 0.1: hot, most proposals accepted);
/// phase "cold" fixes β = 2, γ = 3 (the schedule's end values) from the same random start, so after the first sweep
/// few proposals are accepted and the proposal cost dominates.
/// </summary>
[Config(typeof(QuickConfig))]
public class RmcSweepBenchmark
{
    public const int N = 1001;
    public const int P = 701;
    public const int Replicas = 7;
    public const int ProposalsPerSweep = Replicas * N;

    private Perceptron _problem = null!;

    [Params(1, 5)]
    public int Sweeps { get; set; }

    [Params("start", "cold")]
    public string Phase { get; set; } = "start";

    [GlobalSetup]
    public void Setup()
    {
        _problem = PerceptronGenerator.Random(N, P, new Rng(3));
        SolveResult probe = Run(5);
        if (probe.StopReason != StopReason.MaxIterations || probe.Iterations != 5)
            throw new InvalidOperationException($"the instance stopped early: {probe.StopReason} after {probe.Iterations} sweeps");
    }

    [Benchmark]
    public int Solve() => Run(Sweeps).Errors;

    private SolveResult Run(int sweeps)
    {
        var options = new ReplicatedMonteCarloOptions { Replicas = Replicas, Limits = new SolverLimits { MaxIterations = sweeps } };
        if (Phase == "cold") options = options with { Beta = Ramp.Constant(2.0), Gamma = Ramp.Constant(3.0) };
        return new ReplicatedMonteCarlo(options).Solve(_problem, new Rng(4));
    }
}
