using System.Numerics;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using LocalEntropy.Numerics;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// The data step of replicated SGD, H += η x^μ, over 2048 patterns of N weights (at N = 16001 the dense rows, 131 MB, outgrow the caches as the solver's do): the scalar reference on ±1 bytes
/// (<see cref="SpinKernels.AddSignedScalar"/>), the dense float row the solver used before (4·N bytes per pattern,
/// one multiply-add per lane), and the packed row (<see cref="SpinKernels.AddSigned"/>: N/8 bytes per pattern).
/// </summary>
[Config(typeof(QuickConfig))]
public class AddSignedBenchmarks
{
    public const int Rows = 2048;

    private ulong[][] _packed = null!;
    private float[][] _dense = null!;
    private sbyte[][] _bytes = null!;
    private float[] _hidden = null!;

    /// <summary>Number of weights N.</summary>
    [Params(1001, 16001)]
    public int N { get; set; } = 1001;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(3);
        int padded = SpinKernels.WordCount(N) * 64;
        var rows = Enumerable.Range(0, Rows).Select(_ => SpinVector.Random(N, rng)).ToArray();
        _packed = [.. rows.Select(r => r.Words.ToArray())];
        _bytes = [.. rows.Select(r => r.ToSpins())];
        _dense = [.. _bytes.Select(b => { var d = new float[padded]; for (int j = 0; j < N; j++) d[j] = b[j]; return d; })];
        _hidden = new float[padded];
    }

    [Benchmark(Baseline = true)]
    public float Scalar()
    {
        foreach (sbyte[] x in _bytes) SpinKernels.AddSignedScalar(0.5f, x, _hidden);
        return _hidden[0];
    }

    [Benchmark]
    public float DenseRows()
    {
        var va = new Vector<float>(0.5f);
        var vy = MemoryMarshal.Cast<float, Vector<float>>(_hidden.AsSpan());
        foreach (float[] x in _dense)
        {
            var vx = MemoryMarshal.Cast<float, Vector<float>>(x.AsSpan());
            for (int i = 0; i < vy.Length; i++) vy[i] += va * vx[i];
        }
        return _hidden[0];
    }

    [Benchmark]
    public float Packed()
    {
        foreach (ulong[] x in _packed) SpinKernels.AddSigned(0.5f, x, _hidden);
        return _hidden[0];
    }
}
