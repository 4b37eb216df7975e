using LocalEntropy.Deep.Data;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>Settings of <see cref="Adam"/>.</summary>
public sealed record AdamOptions
{
    /// <summary>Step size.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive");
    }
}

/// <summary>Adam, as TorchSharp implements it, behind the common optimizer shape (budget, streams, checkpoints).</summary>
public sealed class Adam : NetworkOptimizer
{
    private readonly TorchSharp.Modules.Adam _adam;

    /// <summary>Adam on <paramref name="network"/> with batches from stream 0 of <paramref name="streams"/>.</summary>
    public Adam(nn.Module<Tensor, Tensor> network, Func<int, MiniBatches> streams, AdamOptions options) : base("adam", network, streams)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _adam = optim.Adam(Parameters, options.LearningRate);
    }

    /// <inheritdoc/>
    protected override double StepCore()
    {
        double loss = Gradient(Network);
        _adam.step();
        return loss;
    }

    /// <inheritdoc/>
    protected override void SaveState(BinaryWriter writer)
    {
        base.SaveState(writer);
        _adam.save_state_dict(writer);
    }

    /// <inheritdoc/>
    protected override void LoadState(BinaryReader reader)
    {
        base.LoadState(reader);
        _adam.load_state_dict(reader);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _adam.Dispose();
        base.Dispose(disposing);
    }
}
