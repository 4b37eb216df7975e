using BenchmarkDotNet.Attributes;
using LocalEntropy.Numerics;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// The focusing-AMP kernel: 256 packed ±1 rows of N = 10 001 bits times a real vector (y_r = Σ_i s_ri x_i), as the
/// scalar reference (<see cref="PackedProduct.SignedSumScalar"/>), the table-driven AVX-512 kernel one row at a time
/// (<see cref="PackedProduct.SignedSum"/>) and four rows per pass sharing the loads of x (<see cref="PackedProduct.Multiply"/>,
/// one thread).
/// </summary>
[Config(typeof(QuickConfig))]
public class PackedProductBenchmarks
{
    public const int N = 10_001;
    public const int Rows = 256;

    private readonly int _words = SpinKernels.WordCount(N);
    private ulong[] _bits = null!;
    private double[] _x = null!;
    private double[] _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(1);
        _bits = new ulong[Rows * _words];
        for (int r = 0; r < Rows; r++) SpinVector.Random(N, rng).Words.CopyTo(_bits.AsSpan(r * _words, _words));
        _x = [.. Enumerable.Range(0, N).Select(_ => rng.NextGaussian())];
        _y = new double[Rows];
        PackedProduct.Multiply(_bits, _words, _x, _y, threads: 1);
        for (int r = 0; r < Rows; r++)
        {
            double reference = PackedProduct.SignedSumScalar(_bits.AsSpan(r * _words, _words), _x);
            if (Math.Abs(reference - _y[r]) > 1e-9) throw new InvalidOperationException($"row {r}: {_y[r]} differs from scalar {reference}");
        }
    }

    [Benchmark(Baseline = true)]
    public double Scalar()
    {
        double s = 0;
        for (int r = 0; r < Rows; r++) s += PackedProduct.SignedSumScalar(_bits.AsSpan(r * _words, _words), _x);
        return s;
    }

    [Benchmark]
    public double VectorOneRow()
    {
        double s = 0;
        for (int r = 0; r < Rows; r++) s += PackedProduct.SignedSum(_bits.AsSpan(r * _words, _words), _x);
        return s;
    }

    [Benchmark]
    public double VectorFourRows()
    {
        PackedProduct.Multiply(_bits, _words, _x, _y, threads: 1);
        return _y[0];
    }
}
