using BenchmarkDotNet.Attributes;
using LocalEntropy.Deep;
using LocalEntropy.Deep.Data;
using LocalEntropy.Deep.Models;
using LocalEntropy.Deep.Optimizers;
using LocalEntropy.Deep.Training;
using LocalEntropy.Numerics;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// The 784-1024-1024-10 MLP at batch 128 on two LibTorch threads: each invocation runs one optimizer until it has
/// spent <see cref="Evaluations"/> more gradient evaluations, so the reported mean is the time per gradient
/// evaluation and the ratio to sgd is each optimizer's overhead (Entropy-SGD's Langevin bookkeeping and outer step,
/// the replicas' coupling, SAM's perturbation, SWA's averaging). The data are random images: the cost of a step does
/// not depend on them.
/// </summary>
[Config(typeof(QuickConfig))]
public class DeepStepBenchmarks
{
    /// <summary>A multiple of every optimizer's evaluations per step (1, 2, 3, 20 and 3·20).</summary>
    public const int Evaluations = 60;

    private DeepOptimizer _optimizer = null!;

    [Params("sgd", "adam", "sam", "swa", "entropy-sgd", "rsgd", "easgd", "parle")]
    public string Optimizer { get; set; } = "sgd";

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.Initialize(2);
        var rng = new Rng(1);
        var pixels = new float[6400 * 784];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)rng.NextGaussian();
        byte[] labels = [.. Enumerable.Range(0, 6400).Select(_ => (byte)rng.NextInt(10))];
        var data = new Dataset(pixels, labels, 1, 28, 28, 10);
        var settings = new TrainingSettings { Optimizer = Optimizer, GradientBudget = 1_000_000, EvaluationInterval = 50 };
        _optimizer = OptimizerCatalog.Create(settings, () => Networks.Create(ModelKind.Mlp), a => new MiniBatches(data, 128, (ulong)a));
        Run();
    }

    [GlobalCleanup]
    public void Cleanup() => _optimizer.Dispose();

    [Benchmark(OperationsPerInvoke = Evaluations)]
    public double Run()
    {
        long end = _optimizer.GradientEvaluations + Evaluations;
        double loss = 0;
        while (_optimizer.GradientEvaluations < end) loss = _optimizer.Step();
        return loss;
    }
}
