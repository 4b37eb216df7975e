using LocalEntropy.Deep.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>Settings every replicated optimizer has.</summary>
public interface IReplicatedOptions
{
    /// <summary>Number of replicas y.</summary>
    int Replicas { get; }

    /// <summary>The SGD (step size, momentum) each replica's update uses.</summary>
    SgdOptions Sgd { get; }

    /// <summary>Throws when a setting is out of range.</summary>
    void Validate();
}

/// <summary>
/// An optimizer of y replicas of one network, each with its own mini-batches (stream a for replica a) and its own
/// momentum, coupled through a centre. The replicas start from the same weights. What is evaluated is the centre,
/// loaded into a network of its own with BatchNorm statistics recomputed on the training data.
/// </summary>
public abstract class ReplicatedOptimizer : DeepOptimizer
{
    private readonly nn.Module<Tensor, Tensor> _centreNetwork;

    /// <summary>
    /// y replicas from <paramref name="network"/> (called y + 1 times; the last network holds the centre for
    /// evaluation), all owned by the optimizer; replica a reads stream a of <paramref name="streams"/>.
    /// </summary>
    protected ReplicatedOptimizer(string name, IReplicatedOptions options, Func<nn.Module<Tensor, Tensor>> network, Func<int, MiniBatches> streams)
        : base(name, streams)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(network);
        options.Validate();
        Replicas = [.. Enumerable.Range(0, options.Replicas).Select(_ => network())];
        _centreNetwork = network();
        foreach (var r in Replicas.Skip(1)) Weights.CopyNetwork(r, Replicas[0]);
        foreach (var r in Replicas) r.train();
        ReplicaWeights = [.. Replicas.Select(Weights.Of)];
        Updates = [.. ReplicaWeights.Select(w => new MomentumSgd(w, options.Sgd.Momentum, options.Sgd.Nesterov))];
        Centre = Weights.Clone(ReplicaWeights[0]);
    }

    /// <summary>The replicas.</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Replicas { get; }

    /// <summary>Each replica's parameters.</summary>
    protected IReadOnlyList<IReadOnlyList<Parameter>> ReplicaWeights { get; }

    /// <summary>Each replica's momentum SGD.</summary>
    private protected IReadOnlyList<MomentumSgd> Updates { get; }

    /// <summary>The centre's weights.</summary>
    protected Tensor[] Centre { get; }

    /// <summary>The centre, once <see cref="PrepareEvaluation"/> has loaded it.</summary>
    public override nn.Module<Tensor, Tensor> Model => _centreNetwork;

    /// <summary>Brings <see cref="Centre"/> up to date before it is used or evaluated: by default the mean of the replicas.</summary>
    protected virtual void UpdateCentre() => Weights.Mean(Centre, ReplicaWeights);

    /// <summary>The gradients of replica <paramref name="a"/> after a backward pass.</summary>
    protected Tensor[] Gradients(int a) => [.. ReplicaWeights[a].Select(p => p.grad!)];

    /// <inheritdoc/>
    public override void PrepareEvaluation(Dataset train)
    {
        UpdateCentre();
        Weights.Copy(Weights.Of(_centreNetwork), Centre);
        Weights.RecomputeBatchNorm(_centreNetwork, train);
    }

    /// <inheritdoc/>
    protected override IEnumerable<Tensor> State =>
        [.. Replicas.SelectMany((r, a) => ReplicaWeights[a].Concat(r.buffers()).Concat(Updates[a].Buffers)), .. Centre];

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var r in Replicas) r.Dispose();
            _centreNetwork.Dispose();
        }
        base.Dispose(disposing);
    }
}
