using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LocalEntropy.Numerics;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// The BP kernels over 1024 arguments spread like BP's (tanh on [−8, 8], log erfc on [−10, 10], exp on [−20, 20], log
/// on [0.01, 2]): the AVX-512 span kernels beside their scalar twins, the runtime's Math functions and the table-based
/// <see cref="GaussianTails.LogErfc"/> that BP used before.
/// </summary>
[Config(typeof(QuickConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class VectorMathBenchmarks
{
    private const int Count = 1024;
    private readonly double[] _tanhArguments = new double[Count];
    private readonly double[] _erfcArguments = new double[Count];
    private readonly double[] _expArguments = new double[Count];
    private readonly double[] _logArguments = new double[Count];
    private readonly double[] _results = new double[Count];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(3);
        for (int i = 0; i < Count; i++)
        {
            _tanhArguments[i] = 16 * rng.NextDouble() - 8;
            _erfcArguments[i] = 20 * rng.NextDouble() - 10;
            _expArguments[i] = 40 * rng.NextDouble() - 20;
            _logArguments[i] = 0.01 + 1.99 * rng.NextDouble();
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

    [BenchmarkCategory("Exp"), Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public double MathExp()
    {
        for (int i = 0; i < Count; i++) _results[i] = Math.Exp(_expArguments[i]);
        return _results[^1];
    }

    [BenchmarkCategory("Exp"), Benchmark(OperationsPerInvoke = Count)]
    public double ScalarExp()
    {
        for (int i = 0; i < Count; i++) _results[i] = VectorMath.Exp(_expArguments[i]);
        return _results[^1];
    }

    [BenchmarkCategory("Exp"), Benchmark(OperationsPerInvoke = Count)]
    public double VectorExp()
    {
        VectorMath.Exp(_expArguments, _results);
        return _results[^1];
    }

    [BenchmarkCategory("Log"), Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public double MathLog()
    {
        for (int i = 0; i < Count; i++) _results[i] = Math.Log(_logArguments[i]);
        return _results[^1];
    }

    [BenchmarkCategory("Log"), Benchmark(OperationsPerInvoke = Count)]
    public double ScalarLog()
    {
        for (int i = 0; i < Count; i++) _results[i] = VectorMath.Log(_logArguments[i]);
        return _results[^1];
    }

    [BenchmarkCategory("Log"), Benchmark(OperationsPerInvoke = Count)]
    public double VectorLog()
    {
        VectorMath.Log(_logArguments, _results);
        return _results[^1];
    }
}
