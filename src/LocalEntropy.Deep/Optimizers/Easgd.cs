using LocalEntropy.Deep.Data;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>Settings of <see cref="Easgd"/>.</summary>
public sealed record EasgdOptions : IReplicatedOptions
{
    /// <summary>Number of workers p.</summary>
    public int Replicas { get; init; } = 3;

    /// <summary>Each worker's SGD; momentum above 0 gives EAMSGD (Nesterov momentum on the local steps).</summary>
    public SgdOptions Sgd { get; init; } = new();

    /// <summary>Moving rate α = ηρ of the elastic exchange; null for 0.9/p (the paper's β = pα = 0.9).</summary>
    public double? MovingRate { get; init; }

    /// <summary>Communication period τ: local steps between two elastic exchanges.</summary>
    public int Period { get; init; } = 4;

    /// <summary>The moving rate in force.</summary>
    public double Alpha => MovingRate ?? 0.9 / Replicas;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (Replicas < 1) throw new ArgumentOutOfRangeException(nameof(Replicas), Replicas, "needs at least one worker");
        Sgd.Validate();
        if (!(Alpha > 0 && Alpha * Replicas < 2)) throw new ArgumentOutOfRangeException(nameof(MovingRate), Alpha, "must be positive with p·α below 2");
        if (Period < 1) throw new ArgumentOutOfRangeException(nameof(Period), Period, "must be at least 1");
    }
}

/// <summary>
/// Elastic averaging SGD (Zhang, Choromanska, LeCun 2015), synchronous: p workers take SGD steps on their own
/// mini-batches; every τ steps each worker moves towards the centre x̃ by α(x^i − x̃) and the centre moves by the sum
/// of those amounts. The centre is a variable of its own (not the workers' mean) and is what is evaluated.
/// </summary>
public sealed class Easgd : ReplicatedOptimizer
{
    private readonly EasgdOptions _options;

    /// <summary>EASGD on networks from <paramref name="network"/>; worker a reads stream a of <paramref name="streams"/>.</summary>
    public Easgd(Func<nn.Module<Tensor, Tensor>> network, Func<int, MiniBatches> streams, EasgdOptions options)
        : base("easgd", options, network, streams) => _options = options;

    /// <inheritdoc/>
    protected override double StepCore()
    {
        double loss = 0;
        for (int a = 0; a < Replicas.Count; a++)
        {
            loss += Gradient(Replicas[a], a);
            Updates[a].Apply(_options.Sgd.LearningRate, Gradients(a));
        }
        if ((Steps + 1) % _options.Period == 0) Exchange();
        return loss / Replicas.Count;
    }

    /// <summary>The centre is a variable of its own, moved only by the exchanges.</summary>
    protected override void UpdateCentre() { }

    /// <summary>The elastic exchange, with every worker's difference taken against the same old centre.</summary>
    private void Exchange()
    {
        using var _ = no_grad();
        for (int i = 0; i < Centre.Length; i++)
        {
            using var scope = NewDisposeScope();
            Tensor old = Centre[i].clone();
            foreach (var w in ReplicaWeights)
            {
                Tensor pull = (w[i] - old).mul_(_options.Alpha);
                w[i].sub_(pull);
                Centre[i].add_(pull);
            }
        }
    }
}
