using LocalEntropy.Deep.Data;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>Settings of <see cref="ReplicatedSgd"/>.</summary>
public sealed record ReplicatedSgdOptions : IReplicatedOptions
{
    /// <summary>Number of replicas y.</summary>
    public int Replicas { get; init; } = 3;

    /// <summary>Each replica's SGD.</summary>
    public SgdOptions Sgd { get; init; } = new();

    /// <summary>Initial coupling γ₀.</summary>
    public double Gamma { get; init; } = 0.01;

    /// <summary>Growth of the coupling per step: γ = min(γ₀(1 + γ₁)^t, γ_max).</summary>
    public double GammaGrowth { get; init; } = 2e-3;

    /// <summary>Largest coupling γ_max.</summary>
    public double GammaMax { get; init; } = 1.0;

    /// <summary>The coupling after <paramref name="steps"/> steps.</summary>
    public double GammaAt(long steps) => Math.Min(Gamma * Math.Pow(1 + GammaGrowth, steps), GammaMax);

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (Replicas < 1) throw new ArgumentOutOfRangeException(nameof(Replicas), Replicas, "needs at least one replica");
        Sgd.Validate();
        if (!(Gamma >= 0) || !double.IsFinite(Gamma)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "must be non-negative");
        if (!(GammaGrowth >= 0)) throw new ArgumentOutOfRangeException(nameof(GammaGrowth), GammaGrowth, "must be non-negative");
        if (!(GammaMax >= Gamma)) throw new ArgumentOutOfRangeException(nameof(GammaMax), GammaMax, "must be at least the initial coupling");
    }
}

/// <summary>
/// Replicated SGD (Pittorino et al. 2021), the robust ensemble for continuous weights: y replicas, each minimising
/// its loss on its own mini-batches plus (γ/2)‖w_a − c‖² with c the mean of the replicas, held fixed (no gradient
/// flows through it). One step costs y gradient evaluations; γ grows geometrically up to a cap.
/// </summary>
public sealed class ReplicatedSgd : ReplicatedOptimizer
{
    private readonly ReplicatedSgdOptions _options;

    /// <summary>Replicated SGD on networks from <paramref name="network"/>; replica a reads stream a of <paramref name="streams"/>.</summary>
    public ReplicatedSgd(Func<nn.Module<Tensor, Tensor>> network, Func<int, MiniBatches> streams, ReplicatedSgdOptions options)
        : base("rsgd", options, network, streams) => _options = options;

    /// <summary>The coupling the next step uses.</summary>
    public double Gamma => _options.GammaAt(Steps);

    /// <inheritdoc/>
    protected override double StepCore()
    {
        double loss = 0;
        for (int a = 0; a < Replicas.Count; a++) loss += Gradient(Replicas[a], a);
        double gamma = Gamma;
        // Uncoupled replicas need no centre until it is evaluated (PrepareEvaluation brings it up to date then).
        if (gamma > 0) UpdateCentre();
        for (int a = 0; a < Replicas.Count; a++)
        {
            // ∇_a [(γ/2)‖w_a − c‖²] = γ(w_a − c): the pull, fused into the momentum update.
            Updates[a].Apply(_options.Sgd.LearningRate, Gradients(a), Centre, gamma);
        }
        return loss / Replicas.Count;
    }

}
