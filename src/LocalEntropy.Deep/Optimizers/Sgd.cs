using LocalEntropy.Deep.Data;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>Settings of <see cref="Sgd"/>.</summary>
public sealed record SgdOptions
{
    /// <summary>Step size η.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Momentum m (0: plain SGD).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Nesterov's form of momentum.</summary>
    public bool Nesterov { get; init; } = true;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive");
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "must be in [0, 1)");
    }
}

/// <summary>Mini-batch SGD with (Nesterov) momentum: the baseline every entropic optimizer is compared with.</summary>
public sealed class Sgd : NetworkOptimizer
{
    private readonly SgdOptions _options;
    private readonly MomentumSgd _update;

    /// <summary>SGD on <paramref name="network"/> with batches from stream 0 of <paramref name="streams"/>.</summary>
    public Sgd(nn.Module<Tensor, Tensor> network, Func<int, MiniBatches> streams, SgdOptions options) : base("sgd", network, streams)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _update = new MomentumSgd(Parameters, options.Momentum, options.Nesterov);
    }

    /// <inheritdoc/>
    protected override double StepCore()
    {
        double loss = Gradient(Network);
        _update.Apply(_options.LearningRate, Gradients);
        return loss;
    }

    /// <inheritdoc/>
    protected override IEnumerable<Tensor> ExtraState => _update.Buffers;
}
