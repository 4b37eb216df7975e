using BenchmarkDotNet.Attributes;
using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// One BP sweep (every factor updated once) on the anchor instances: the perceptron N = 1001, P = 601 (and
/// P = 701, α = 0.7) and the committee machine N = 321, K = 5, P = 482, from random initial messages of size 0.1 as
/// focusing BP starts, on one thread and on two (the factor updates' two chunks shared between them).
/// </summary>
[Config(typeof(QuickConfig))]
public class BeliefPropagationBenchmarks
{
    private BeliefPropagationOptions _options = null!;
    private PerceptronBeliefPropagation _perceptron601 = null!;
    private PerceptronBeliefPropagation _perceptron701 = null!;
    private CommitteeBeliefPropagation _committee = null!;

    /// <summary>Threads sharing each factor update (the result is the same for both).</summary>
    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        _options = new() { MaxIterations = 1, Damping = 0.5, Threads = Threads };
        _perceptron601 = new PerceptronBeliefPropagation(PerceptronGenerator.Random(1001, 601, new Rng(5)));
        _perceptron601.Randomize(new Rng(6), 0.1);
        _perceptron701 = new PerceptronBeliefPropagation(PerceptronGenerator.Random(1001, 701, new Rng(5)));
        _perceptron701.Randomize(new Rng(6), 0.1);
        _committee = new CommitteeBeliefPropagation(CommitteeGenerator.Random(321, 5, 482, false, new Rng(7)));
        _committee.Randomize(new Rng(8), 0.1);
    }

    [Benchmark]
    public double PerceptronSweep601() => _perceptron601.Sweep(_options);

    [Benchmark]
    public double PerceptronSweep701() => _perceptron701.Sweep(_options);

    [Benchmark]
    public double CommitteeSweep() => _committee.Sweep(_options);
}
