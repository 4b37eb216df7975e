using BenchmarkDotNet.Attributes;
using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// The Bethe free entropy of the perceptron on EdMC's instance (N = 801, P = 240) with a field of ±1 on every variable
/// after 30 BP sweeps: the algebraic per-pair form against the direct log 2cosh form, and one whole EdMC proposal
/// (save, one sweep, free entropy, restore).
/// </summary>
[Config(typeof(QuickConfig))]
public class FreeEntropyBenchmarks
{
    private readonly BeliefPropagationOptions _options = new() { MaxIterations = 1 };
    private PerceptronBeliefPropagation _bp = null!;
    private BeliefPropagation.Snapshot _saved = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bp = new PerceptronBeliefPropagation(PerceptronGenerator.Random(801, 240, new Rng(1)));
        var rng = new Rng(5);
        for (int j = 0; j < _bp.N; j++) _bp.SetExternalField(j, rng.NextBool() ? 1 : -1);
        for (int i = 0; i < 30; i++) _bp.Sweep(_options);
        _saved = _bp.Save();
    }

    [Benchmark(Baseline = true)]
    public double Reference() => _bp.FreeEntropyReference();

    [Benchmark]
    public double Algebraic() => _bp.FreeEntropy();

    [Benchmark]
    public double EdmcProposal()
    {
        _bp.Save(_saved);
        _bp.SetExternalField(7, -_bp.ExternalField(7));
        _bp.Sweep(_options);
        double phi = _bp.FreeEntropy();
        _bp.Restore(_saved);
        return phi;
    }
}
