using LocalEntropy.Deep.Data;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>Settings of <see cref="Parle"/>.</summary>
public sealed record ParleOptions : IReplicatedOptions
{
    /// <summary>Number of replicas y.</summary>
    public int Replicas { get; init; } = 3;

    /// <summary>Each replica's Entropy-SGD inner loop and γ scoping.</summary>
    public LangevinOptions Langevin { get; init; } = new();

    /// <summary>Each replica's outer step on (x_a − μ_a) + ρ(x_a − c).</summary>
    public SgdOptions Sgd { get; init; } = new() { LearningRate = 1.0 };

    /// <summary>Initial elastic coupling ρ₀ to the master.</summary>
    public double Rho { get; init; } = 0.01;

    /// <summary>Scoping of the coupling: ρ = ρ₀(1 + ρ₁)^t after t outer steps, capped at 1.</summary>
    public double RhoScoping { get; init; } = 1e-3;

    /// <summary>The elastic coupling after <paramref name="steps"/> outer steps.</summary>
    public double RhoAt(long steps) => Math.Min(Rho * Math.Pow(1 + RhoScoping, steps), 1.0);

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (Replicas < 1) throw new ArgumentOutOfRangeException(nameof(Replicas), Replicas, "needs at least one replica");
        Langevin.Validate();
        Sgd.Validate();
        if (!(Rho >= 0 && Rho <= 1)) throw new ArgumentOutOfRangeException(nameof(Rho), Rho, "must be in [0, 1]");
        if (!(RhoScoping >= 0)) throw new ArgumentOutOfRangeException(nameof(RhoScoping), RhoScoping, "must be non-negative");
    }
}

/// <summary>
/// Parle (Chaudhari et al. 2017): y replicas, each running Entropy-SGD's inner Langevin loop on its own mini-batches,
/// coupled elastically to the master c, the mean of the replicas. Replica a moves along (x_a − μ_a) + ρ(x_a − c);
/// both γ and ρ are scoped up. One step costs y·L gradient evaluations; the master is what is evaluated.
/// </summary>
public sealed class Parle : ReplicatedOptimizer
{
    private readonly ParleOptions _options;
    private readonly Tensor[] _anchor;
    private readonly Tensor[][] _means;

    /// <summary>Parle on networks from <paramref name="network"/>; replica a reads stream a of <paramref name="streams"/>.</summary>
    public Parle(Func<nn.Module<Tensor, Tensor>> network, Func<int, MiniBatches> streams, ParleOptions options)
        : base("parle", options, network, streams)
    {
        _options = options;
        _anchor = Weights.ZerosLike(ReplicaWeights[0]);
        _means = [.. ReplicaWeights.Select(Weights.ZerosLike)];
    }

    /// <summary>The scope γ the next outer step uses.</summary>
    public double Gamma => _options.Langevin.GammaAt(Steps);

    /// <summary>The elastic coupling the next outer step uses.</summary>
    public double Rho => _options.RhoAt(Steps);

    /// <inheritdoc/>
    protected override double StepCore()
    {
        double loss = 0, gamma = Gamma, rho = Rho;
        for (int a = 0; a < Replicas.Count; a++)
        {
            int replica = a;
            loss += Langevin.Run(ReplicaWeights[a], _anchor, _means[a], gamma, _options.Langevin, () => Gradient(Replicas[replica], replica));
        }
        UpdateCentre();
        for (int a = 0; a < Replicas.Count; a++)
        {
            Updates[a].Apply(_options.Sgd.LearningRate, Langevin.OuterGradient(ReplicaWeights[a], _means[a]), Centre, rho);
        }
        return loss / Replicas.Count;
    }

    /// <inheritdoc/>
    protected override IEnumerable<Tensor> State => [.. base.State, .. _means.SelectMany(m => m)];
}
