using LocalEntropy.Deep.Data;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>Settings of <see cref="Swa"/>.</summary>
public sealed record SwaOptions
{
    /// <summary>The SGD run whose iterates are averaged.</summary>
    public SgdOptions Sgd { get; init; } = new();

    /// <summary>Steps of plain SGD before the averaging starts.</summary>
    public long Start { get; init; }

    /// <summary>Steps between two iterates that enter the average.</summary>
    public long Period { get; init; } = 100;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        Sgd.Validate();
        if (Start < 0) throw new ArgumentOutOfRangeException(nameof(Start), Start, "must be non-negative");
        if (Period < 1) throw new ArgumentOutOfRangeException(nameof(Period), Period, "must be at least 1");
    }
}

/// <summary>
/// Stochastic weight averaging: SGD, and from step <see cref="SwaOptions.Start"/> on the running average of every
/// <see cref="SwaOptions.Period"/>-th iterate. The average is what is evaluated, with BatchNorm statistics recomputed
/// for it (an average of weights has no statistics of its own).
/// </summary>
public sealed class Swa : NetworkOptimizer
{
    private readonly SwaOptions _options;
    private readonly MomentumSgd _update;
    private readonly nn.Module<Tensor, Tensor> _averaged;
    private readonly Tensor[] _average;

    /// <summary>
    /// SWA on <paramref name="network"/>; <paramref name="averaged"/>, a network of the same architecture, receives
    /// the average for evaluation. Both are owned by the optimizer.
    /// </summary>
    public Swa(nn.Module<Tensor, Tensor> network, nn.Module<Tensor, Tensor> averaged, Func<int, MiniBatches> streams, SwaOptions options)
        : base("swa", network, streams)
    {
        ArgumentNullException.ThrowIfNull(averaged);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _update = new MomentumSgd(Parameters, options.Sgd.Momentum, options.Sgd.Nesterov);
        _averaged = averaged;
        _average = Weights.ZerosLike(Parameters);
    }

    /// <summary>Iterates in the average so far.</summary>
    public long Averaged { get; private set; }

    /// <summary>The average once it holds an iterate, the SGD network before.</summary>
    public override nn.Module<Tensor, Tensor> Model => Averaged > 0 ? _averaged : Network;

    /// <inheritdoc/>
    protected override double StepCore()
    {
        double loss = Gradient(Network);
        _update.Apply(_options.Sgd.LearningRate, Gradients);
        long step = Steps + 1;
        if (step >= _options.Start && (step - _options.Start) % _options.Period == 0)
        {
            using var _ = no_grad();
            Averaged++;
            for (int i = 0; i < _average.Length; i++) _average[i].add_(Parameters[i] - _average[i], alpha: 1.0 / Averaged);
        }
        return loss;
    }

    /// <inheritdoc/>
    public override void PrepareEvaluation(Dataset train)
    {
        if (Averaged == 0) return;
        Weights.Copy(Weights.Of(_averaged), _average);
        Weights.RecomputeBatchNorm(_averaged, train);
    }

    /// <inheritdoc/>
    protected override IEnumerable<Tensor> ExtraState => [.. _update.Buffers, .. _average];

    /// <inheritdoc/>
    protected override void SaveState(BinaryWriter writer)
    {
        base.SaveState(writer);
        writer.Write(Averaged);
    }

    /// <inheritdoc/>
    protected override void LoadState(BinaryReader reader)
    {
        base.LoadState(reader);
        Averaged = reader.ReadInt64();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _averaged.Dispose();
        base.Dispose(disposing);
    }
}
