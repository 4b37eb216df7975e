using LocalEntropy.Deep.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>
/// An optimizer of one network (parameters and BatchNorm statistics), which it saves with its own state and disposes
/// with itself.
/// </summary>
public abstract class NetworkOptimizer : DeepOptimizer
{
    /// <summary>Trains <paramref name="network"/> on batches from <paramref name="streams"/>.</summary>
    protected NetworkOptimizer(string name, nn.Module<Tensor, Tensor> network, Func<int, MiniBatches> streams) : base(name, streams)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
        Parameters = Weights.Of(network);
        network.train();
    }

    /// <summary>The network being trained.</summary>
    protected nn.Module<Tensor, Tensor> Network { get; }

    /// <summary>Its parameters, in a fixed order.</summary>
    protected IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The gradients of <see cref="Parameters"/> after a backward pass.</summary>
    protected Tensor[] Gradients => [.. Parameters.Select(p => p.grad!)];

    /// <inheritdoc/>
    public override nn.Module<Tensor, Tensor> Model => Network;

    /// <summary>The network's parameters and buffers, then <see cref="ExtraState"/>.</summary>
    protected sealed override IEnumerable<Tensor> State => [.. Parameters, .. Network.buffers(), .. ExtraState];

    /// <summary>State beyond the network (momentum buffers, averages).</summary>
    protected virtual IEnumerable<Tensor> ExtraState => [];

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) Network.Dispose();
        base.Dispose(disposing);
    }
}
