using BenchmarkDotNet.Attributes;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// Replicated SGD with its defaults (y = 7, batch 80) at N = 1001, P = 701, cut off after 1 or 20 epochs. Each call
/// includes the solver's setup, so the cost of one epoch is (t₂₀ − t₁)/19. The instance is checked not to be solved
/// within 20 epochs, so both runs do all their epochs.
/// </summary>
[Config(typeof(QuickConfig))]
public class RsgdEpochBenchmark
{
    public const int N = 1001;
    public const int P = 701;

    private Perceptron _problem = null!;

    [Params(1, 20)]
    public int Epochs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _problem = PerceptronGenerator.Random(N, P, new Rng(3));
        SolveResult probe = Run(20);
        if (probe.StopReason != StopReason.MaxIterations || probe.Iterations != 20)
            throw new InvalidOperationException($"the instance stopped early: {probe.StopReason} after {probe.Iterations} epochs");
    }

    [Benchmark]
    public int Solve() => Run(Epochs).Errors;

    private SolveResult Run(int epochs) =>
        new ReplicatedSgd(new ReplicatedSgdOptions { Limits = new SolverLimits { MaxIterations = epochs } })
            .Solve(_problem, new Rng(4));
}
