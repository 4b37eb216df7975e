using LocalEntropy.Deep.Data;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>Settings of <see cref="Sam"/>.</summary>
public sealed record SamOptions
{
    /// <summary>The base SGD step (momentum applies to the gradient taken at the perturbed weights).</summary>
    public SgdOptions Sgd { get; init; } = new();

    /// <summary>Radius ρ of the perturbation (0.05 for SAM, about 0.5 for ASAM).</summary>
    public double Rho { get; init; } = 0.05;

    /// <summary>ASAM: the radius is measured in the weights' own scale, T = |w| + η.</summary>
    public bool Adaptive { get; init; }

    /// <summary>η of ASAM's scale |w| + η, which keeps zero weights perturbable.</summary>
    public double Eta { get; init; } = 0.01;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        Sgd.Validate();
        if (!(Rho > 0) || !double.IsFinite(Rho)) throw new ArgumentOutOfRangeException(nameof(Rho), Rho, "must be positive");
        if (!(Eta >= 0)) throw new ArgumentOutOfRangeException(nameof(Eta), Eta, "must be non-negative");
    }
}

/// <summary>
/// Sharpness-aware minimisation (SAM) and its adaptive form (ASAM). Each step: the gradient g at w on a mini-batch,
/// the ascent ε = ρ g/‖g‖ (ASAM: ρ T²g/‖Tg‖, T = |w| + η), the gradient at w + ε on the same batch, and the base SGD
/// step from w with that gradient: two gradient evaluations per step. The perturbed pass leaves the BatchNorm
/// running statistics exactly as the clean pass left them: a point the network never sits at must not shape them.
/// </summary>
public sealed class Sam : NetworkOptimizer
{
    private readonly SamOptions _options;
    private readonly MomentumSgd _update;
    private readonly Tensor[] _buffers;

    /// <summary>SAM (or ASAM) on <paramref name="network"/> with batches from stream 0 of <paramref name="streams"/>.</summary>
    public Sam(nn.Module<Tensor, Tensor> network, Func<int, MiniBatches> streams, SamOptions options)
        : base(options?.Adaptive == true ? "asam" : "sam", network, streams)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _update = new MomentumSgd(Parameters, options.Sgd.Momentum, options.Sgd.Nesterov);
        _buffers = [.. network.buffers()];
    }

    /// <inheritdoc/>
    protected override double StepCore()
    {
        double loss = Gradient(Network);
        Tensor[] ascent = Ascent();
        Tensor[] statistics = Weights.Clone(_buffers);
        using (no_grad())
        {
            for (int i = 0; i < ascent.Length; i++) Parameters[i].add_(ascent[i]);
        }
        GradientOnCurrentBatch(Network);
        Weights.Copy(_buffers, statistics);
        using (no_grad())
        {
            for (int i = 0; i < ascent.Length; i++) Parameters[i].sub_(ascent[i]);
        }
        _update.Apply(_options.Sgd.LearningRate, Gradients);
        return loss;
    }

    /// <summary>The perturbation ε from the current gradients.</summary>
    private Tensor[] Ascent()
    {
        using var _ = no_grad();
        Tensor[] scale = _options.Adaptive ? [.. Parameters.Select(p => p.abs().add_(_options.Eta))] : [.. Parameters.Select(_ => ones(1))];
        Tensor[] scaled = [.. Gradients.Select((g, i) => g * scale[i])];
        double norm = Math.Sqrt(scaled.Sum(t => t.square().sum().item<float>()));
        double factor = _options.Rho / Math.Max(norm, 1e-12);
        return [.. scaled.Select((t, i) => t.mul_(scale[i]).mul_(factor))];
    }

    /// <inheritdoc/>
    protected override IEnumerable<Tensor> ExtraState => _update.Buffers;
}
