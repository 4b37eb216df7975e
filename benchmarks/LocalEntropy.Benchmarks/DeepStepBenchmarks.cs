using BenchmarkDotNet.Attributes;
using LocalEntropy.Deep;
using LocalEntropy.Deep.Data;
using LocalEntropy.Deep.Models;
using LocalEntropy.Deep.Optimizers;
using LocalEntropy.Deep.Training;
using LocalEntropy.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// The 784-1024-1024-10 MLP at batch 128 on two LibTorch threads: each invocation runs one optimizer until it has
/// spent <see cref="Evaluations"/> more gradient evaluations, so the reported mean is the time per gradient
/// evaluation and the ratio to sgd is each optimizer's overhead (Entropy-SGD's Langevin bookkeeping and outer step,
/// the replicas' coupling, SAM's perturbation, SWA's averaging). The data are random images: the cost of a step does
/// not depend on them. Two more cases isolate what the targets are stated against: <c>gradient</c> (forward and backward
/// only, no update: the cost of a gradient evaluation itself) and <c>rsgd-uncoupled</c> (the same replicas with γ = 0,
/// i.e. independent SGD runs of the same memory footprint, so rsgd minus it is the coupling's cost).
/// </summary>
[Config(typeof(QuickConfig))]
public class DeepStepBenchmarks
{
    /// <summary>A multiple of every optimizer's evaluations per step (1, 2, 3, 20 and 3·20).</summary>
    public const int Evaluations = 60;

    private DeepOptimizer _optimizer = null!;

    [Params("gradient", "sgd", "adam", "sam", "swa", "entropy-sgd", "rsgd", "rsgd-uncoupled", "easgd", "parle")]
    public string Optimizer { get; set; } = "sgd";

    [GlobalSetup]
    public void Setup()
    {
        _optimizer = Create(Optimizer);
        Run();
    }

    /// <summary>The optimizer <paramref name="name"/> (or one of the two baselines) on the MLP with random images.</summary>
    public static DeepOptimizer Create(string name)
    {
        TorchRuntime.Initialize(2);
        var rng = new Rng(1);
        var pixels = new float[6400 * 784];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)rng.NextGaussian();
        byte[] labels = [.. Enumerable.Range(0, 6400).Select(_ => (byte)rng.NextInt(10))];
        var data = new Dataset(pixels, labels, 1, 28, 28, 10);
        var settings = new TrainingSettings { Optimizer = name, GradientBudget = 1_000_000, EvaluationInterval = 50 };
        Func<nn.Module<Tensor, Tensor>> network = () => Networks.Create(ModelKind.Mlp);
        MiniBatches Streams(int a) => new(data, 128, (ulong)a);
        return name switch
        {
            "gradient" => new GradientOnly(network(), Streams),
            "rsgd-uncoupled" => new ReplicatedSgd(network, Streams, new ReplicatedSgdOptions { Gamma = 0, GammaMax = 0 }),
            _ => OptimizerCatalog.Create(settings, network, Streams),
        };
    }

    /// <summary>Gradient evaluations and nothing else: the unit every optimizer's time is compared with.</summary>
    private sealed class GradientOnly(nn.Module<Tensor, Tensor> network, Func<int, MiniBatches> streams) : NetworkOptimizer("gradient", network, streams)
    {
        protected override double StepCore() => Gradient(Network);
    }

    [GlobalCleanup]
    public void Cleanup() => _optimizer.Dispose();

    [Benchmark(OperationsPerInvoke = Evaluations)]
    public double Run() => Run(_optimizer);

    /// <summary>Steps <paramref name="optimizer"/> until it has spent <see cref="Evaluations"/> more gradient evaluations.</summary>
    public static double Run(DeepOptimizer optimizer)
    {
        long end = optimizer.GradientEvaluations + Evaluations;
        double loss = 0;
        while (optimizer.GradientEvaluations < end) loss = optimizer.Step();
        return loss;
    }
}
