using BenchmarkDotNet.Attributes;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// Full energy (training-error count) of one weight vector at N = 1001, P = 601: the bit-packed popcount kernel
/// (<see cref="Perceptron.Errors"/>) against the plain ±1 byte loop it replaces (<see cref="Perceptron.ErrorsScalar"/>).
/// The JIT does not auto-vectorize the byte loop, so the baseline is the "naive, not vectorized" reference.
/// </summary>
[Config(typeof(QuickConfig))]
public class EnergyBenchmarks
{
    public const int N = 1001;
    public const int P = 601;

    private Perceptron _problem = null!;
    private SpinVector _weights = null!;
    private sbyte[][] _rows = null!;
    private sbyte[] _dense = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(1);
        _problem = PerceptronGenerator.Random(N, P, rng);
        _weights = SpinVector.Random(N, rng);
        _rows = _problem.SignedRows();
        _dense = _weights.ToSpins();
        int packed = _problem.Errors(_weights), scalar = Perceptron.ErrorsScalar(_rows, _dense);
        if (packed != scalar) throw new InvalidOperationException($"packed energy {packed} differs from scalar {scalar}");
    }

    [Benchmark(Baseline = true)]
    public int ScalarBytes() => Perceptron.ErrorsScalar(_rows, _dense);

    [Benchmark]
    public int PackedPopcount() => _problem.Errors(_weights);
}
