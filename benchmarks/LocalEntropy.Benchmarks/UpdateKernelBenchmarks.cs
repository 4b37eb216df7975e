using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LocalEntropy.Deep;
using LocalEntropy.Deep.Optimizers;
using static TorchSharp.torch;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// The fused weight updates of <see cref="UpdateKernels"/> on one tensor the size of the whole 784-1024-1024-10 MLP
/// (1.86 M floats), two threads: each beside the same update written as LibTorch calls (what the optimizers did
/// before, with <c>randn_like</c> for the Langevin noise) and beside its scalar twin on one thread. The mean is the
/// centre of three replicas.
/// </summary>
[Config(typeof(QuickConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class UpdateKernelBenchmarks
{
    public const int Size = 1_863_690;

    private Tensor _w = null!, _anchor = null!, _g = null!, _mean = null!, _buffer = null!;
    private float[] _sw = null!, _sanchor = null!, _sg = null!, _smean = null!, _sbuffer = null!;
    private ulong _key;

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.Initialize(2);
        manual_seed(1);
        _w = randn(Size);
        _anchor = randn(Size);
        _g = randn(Size);
        _mean = randn(Size);
        _buffer = randn(Size);
        (_sw, _sanchor, _sg, _smean, _sbuffer) = (Floats(_w), Floats(_anchor), Floats(_g), Floats(_mean), Floats(_buffer));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (Tensor t in new[] { _w, _anchor, _g, _mean, _buffer }) t.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("langevin")]
    public void LangevinTorchCalls()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        _w.mul_(1 - 1e-5).add_(_anchor, alpha: 1e-5).add_(_g, alpha: -0.1);
        _w.add_(randn_like(_w), alpha: 3.16e-5);
        _mean.mul_(0.25).add_(_w, alpha: 0.75);
    }

    [Benchmark, BenchmarkCategory("langevin")]
    public void LangevinFused() => UpdateKernels.Langevin(_w, _anchor, _g, _mean, 0.1f, 1e-4f, 3.16e-5f, 0.75f, ++_key);

    [Benchmark, BenchmarkCategory("langevin")]
    public void LangevinScalar() => UpdateKernels.LangevinScalar(_sw, _sanchor, _sg, _smean, 0.1f, 1e-4f, 3.16e-5f, 0.75f, ++_key);

    [Benchmark(Baseline = true), BenchmarkCategory("momentum")]
    public void MomentumTorchCalls()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // Nesterov with the elastic pull of replicated SGD: d = ∇ + γ(w − c) (here c = the anchor).
        Tensor d = _g + (_w - _anchor).mul_(0.01);
        _buffer.mul_(0.9).add_(d);
        _w.add_(d, alpha: -0.1).add_(_buffer, alpha: -0.09);
    }

    [Benchmark, BenchmarkCategory("momentum")]
    public void MomentumFused() => UpdateKernels.Momentum(_w, _g, _buffer, _anchor, 0.1f, 0.9f, true, 0.01f);

    [Benchmark, BenchmarkCategory("momentum")]
    public void MomentumScalar() => UpdateKernels.MomentumScalar(_sw, _sg, _sbuffer, _sanchor, 0.1f, 0.9f, true, 0.01f);

    [Benchmark(Baseline = true), BenchmarkCategory("mean")]
    public void MeanTorchCalls()
    {
        using var _ = no_grad();
        // The centre of three replicas as Weights.Mean computed it before.
        _buffer.copy_(_w).add_(_anchor).add_(_g).div_(3);
    }

    [Benchmark, BenchmarkCategory("mean")]
    public void MeanFused() => UpdateKernels.Mean(_buffer, [_w, _anchor, _g]);

    [Benchmark, BenchmarkCategory("mean")]
    public void MeanScalar() => UpdateKernels.MeanScalar(_sbuffer, [_sw, _sanchor, _sg]);

    private static float[] Floats(Tensor t) => t.data<float>().ToArray();
}
