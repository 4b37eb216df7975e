using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LocalEntropy.Numerics;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// The BP kernels over 1024 arguments spread like BP's (tanh on [−8, 8], log erfc on [−10, 10]): the AVX-512 span
/// kernels beside their scalar twins, the runtime's Math.Tanh and the table-based <see cref="GaussianTails.LogErfc"/>
/// that BP used before.
/// </summary>
[Config(typeof(QuickConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class VectorMathBenchmarks
{
    private const int Count = 1024;
    private readonly double[] _tanhArguments = new double[Count];
    private readonly double[] _erfcArguments = new double[Count];
    private readonly double[] _results = new double[Count];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(3);
        for (int i = 0; i < Count; i++)
        {
            _tanhArguments[i] = 16 * rng.NextDouble() - 8;
            _erfcArguments[i] = 20 * rng.NextDouble() - 10;
        }
    }

    [BenchmarkCategory("Tanh"), Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public double MathTanh()
    {
        for (int i = 0; i < Count; i++) _results[i] = Math.Tanh(_tanhArguments[i]);
        return _results[^1];
    }

    [BenchmarkCategory("Tanh"), Benchmark(OperationsPerInvoke = Count)]
    public double ScalarTanh()
    {
        for (int i = 0; i < Count; i++) _results[i] = VectorMath.Tanh(_tanhArguments[i]);
        return _results[^1];
    }

    [BenchmarkCategory("Tanh"), Benchmark(OperationsPerInvoke = Count)]
    public double VectorTanh()
    {
        VectorMath.Tanh(_tanhArguments, _results);
        return _results[^1];
    }

    [BenchmarkCategory("LogErfc"), Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public double TableLogErfc()
    {
        for (int i = 0; i < Count; i++) _results[i] = GaussianTails.LogErfc(_erfcArguments[i]);
        return _results[^1];
    }

    [BenchmarkCategory("LogErfc"), Benchmark(OperationsPerInvoke = Count)]
    public double LibraryLogErfc()
    {
        for (int i = 0; i < Count; i++) _results[i] = GaussianTails.LogErfcReference(_erfcArguments[i]);
        return _results[^1];
    }

    [BenchmarkCategory("LogErfc"), Benchmark(OperationsPerInvoke = Count)]
    public double ScalarLogErfc()
    {
        for (int i = 0; i < Count; i++) _results[i] = VectorMath.LogErfc(_erfcArguments[i]);
        return _results[^1];
    }

    [BenchmarkCategory("LogErfc"), Benchmark(OperationsPerInvoke = Count)]
    public double VectorLogErfc()
    {
        VectorMath.LogErfc(_erfcArguments, _results);
        return _results[^1];
    }
}
