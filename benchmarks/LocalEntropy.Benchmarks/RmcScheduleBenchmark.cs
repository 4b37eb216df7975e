using BenchmarkDotNet.Attributes;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// One complete default replicated-MC run (y = 7, hinge k = 0, β 0.02 → 2, γ 0.1 → 3 over 2000 sweeps) at N = 1001,
/// P = 701, capped at the 2000 sweeps of the first schedule: the proposal rate averaged over the whole anneal, hot
/// start and cold end alike, which is what the C reference's "ns per proposal" describes. The run is deterministic;
/// the setup prints how many sweeps it does (it stops early when it solves), so proposals = sweeps · 7 · 1001.
/// </summary>
[Config(typeof(QuickConfig))]
public class RmcScheduleBenchmark
{
    public const int N = 1001;
    public const int P = 701;

    private Perceptron _problem = null!;

    [GlobalSetup]
    public void Setup()
    {
        _problem = PerceptronGenerator.Random(N, P, new Rng(3));
        SolveResult probe = Run();
        Console.WriteLine($"// RmcSchedule: {probe.StopReason} after {probe.Iterations} sweeps = {probe.Iterations * 7L * N} proposals, errors {probe.Errors}");
    }

    [Benchmark]
    public int FullSchedule() => Run().Errors;

    private SolveResult Run() =>
        new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions { Limits = new SolverLimits { MaxIterations = 2000 } })
            .Solve(_problem, new Rng(4));
}
