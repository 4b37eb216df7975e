using static TorchSharp.torch;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>
/// The SGD update with heavy-ball or Nesterov momentum, applied to any direction (a gradient, an Entropy-SGD outer
/// gradient, a gradient plus an elastic pull): buf ← m·buf + d, then w ← w − η·(Nesterov ? d + m·buf : buf).
/// </summary>
internal sealed class MomentumSgd(IReadOnlyList<Tensor> weights, double momentum, bool nesterov)
{
    private readonly Tensor[] _buffers = momentum > 0 ? Weights.ZerosLike(weights) : [];

    /// <summary>One update of the weights with step size <paramref name="learningRate"/> along the directions.</summary>
    public void Apply(double learningRate, IReadOnlyList<Tensor> directions)
    {
        using var _ = no_grad();
        for (int i = 0; i < weights.Count; i++)
        {
            Tensor d = directions[i];
            if (momentum > 0)
            {
                Tensor buf = _buffers[i].mul_(momentum).add_(d);
                if (nesterov) weights[i].add_(d, alpha: -learningRate).add_(buf, alpha: -learningRate * momentum);
                else weights[i].add_(buf, alpha: -learningRate);
            }
            else
            {
                weights[i].add_(d, alpha: -learningRate);
            }
        }
    }

    /// <summary>The momentum buffers: state a checkpoint must hold.</summary>
    public IReadOnlyList<Tensor> Buffers => _buffers;
}
