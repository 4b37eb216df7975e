using static TorchSharp.torch;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>
/// The SGD update with heavy-ball or Nesterov momentum, applied to any direction (a gradient, an Entropy-SGD outer
/// gradient, a gradient plus an elastic pull): buf ← m·buf + d, then w ← w − η·(Nesterov ? d + m·buf : buf), as one
/// fused pass per tensor (<see cref="UpdateKernels.Momentum"/>).
/// </summary>
internal sealed class MomentumSgd(IReadOnlyList<Tensor> weights, double momentum, bool nesterov)
{
    private readonly Tensor[] _buffers = momentum > 0 ? Weights.ZerosLike(weights) : [];

    /// <summary>One update of the weights with step size <paramref name="learningRate"/> along the directions.</summary>
    public void Apply(double learningRate, IReadOnlyList<Tensor> directions) => Apply(learningRate, directions, null, 0);

    /// <summary>
    /// One update along the directions plus the elastic pull κ(w − c) towards <paramref name="target"/> (κ =
    /// <paramref name="pull"/>), fused into the same pass.
    /// </summary>
    public void Apply(double learningRate, IReadOnlyList<Tensor> directions, IReadOnlyList<Tensor>? target, double pull)
    {
        for (int i = 0; i < weights.Count; i++)
        {
            UpdateKernels.Momentum(weights[i], directions[i], momentum > 0 ? _buffers[i] : null, target?[i],
                                   (float)learningRate, (float)momentum, nesterov, (float)pull);
        }
    }

    /// <summary>The momentum buffers: state a checkpoint must hold.</summary>
    public IReadOnlyList<Tensor> Buffers => _buffers;
}
