using LocalEntropy.Deep.Data;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>Settings of <see cref="EntropySgd"/>.</summary>
public sealed record EntropySgdOptions
{
    /// <summary>The inner Langevin loop and the γ scoping.</summary>
    public LangevinOptions Langevin { get; init; } = new();

    /// <summary>The outer step on the direction x − μ: step size 1 and Nesterov momentum 0.9, as in the reference code.</summary>
    public SgdOptions Outer { get; init; } = new() { LearningRate = 1.0 };

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        Langevin.Validate();
        Outer.Validate();
    }
}

/// <summary>
/// Entropy-SGD (Chaudhari et al. 2017): gradient descent on the local entropy. Each outer step runs L Langevin steps
/// on their own mini-batches around the current weights x (L gradient evaluations), then moves x along x − μ with
/// (Nesterov) SGD. The scope γ grows by the factor 1 + γ₁ every outer step, and the step count is part of the saved
/// state, so the schedule advances across checkpoints. The outer direction is x − μ rather than γ(x − μ): the factor γ
/// is absorbed in the outer step size, which is what makes a step of size 1 with γ ≈ 10⁻⁴ move at all.
/// </summary>
public sealed class EntropySgd : NetworkOptimizer
{
    private readonly EntropySgdOptions _options;
    private readonly MomentumSgd _update;
    private readonly Tensor[] _anchor;
    private readonly Tensor[] _mean;

    /// <summary>Entropy-SGD on <paramref name="network"/> with batches from stream 0 of <paramref name="streams"/>.</summary>
    public EntropySgd(nn.Module<Tensor, Tensor> network, Func<int, MiniBatches> streams, EntropySgdOptions options)
        : base("entropy-sgd", network, streams)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _update = new MomentumSgd(Parameters, options.Outer.Momentum, options.Outer.Nesterov);
        _anchor = Weights.ZerosLike(Parameters);
        _mean = Weights.ZerosLike(Parameters);
    }

    /// <summary>The scope γ the next outer step uses.</summary>
    public double Gamma => _options.Langevin.GammaAt(Steps);

    /// <inheritdoc/>
    protected override double StepCore()
    {
        double loss = Langevin.Run(Parameters, _anchor, _mean, Gamma, _options.Langevin, () => Gradient(Network));
        _update.Apply(_options.Outer.LearningRate, Langevin.OuterGradient(Parameters, _mean));
        return loss;
    }

    /// <inheritdoc/>
    protected override IEnumerable<Tensor> ExtraState => [.. _update.Buffers, .. _mean];
}
