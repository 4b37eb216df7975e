using LocalEntropy.Deep.Data;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>
/// The common shape of the deep-network optimizers: <see cref="Step"/> draws the mini-batches it needs from its own
/// batch streams (one per replica), counts every gradient evaluation (one forward and backward pass on one
/// mini-batch: the budget unit that makes optimizers comparable), and runs inside a dispose scope so no tensor
/// outlives the step unless it is state. <see cref="Save"/> and <see cref="Load"/> cover the complete state needed
/// to continue the same trajectory.
/// </summary>
public abstract class DeepOptimizer : IDisposable
{
    private readonly Func<int, MiniBatches> _createStream;
    private readonly List<MiniBatches> _streams = [];

    /// <summary>An optimizer named <paramref name="name"/> whose stream a comes from <paramref name="streams"/>(a).</summary>
    protected DeepOptimizer(string name, Func<int, MiniBatches> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        Name = name;
        _createStream = streams;
    }

    /// <summary>The optimizer's command-line name.</summary>
    public string Name { get; }

    /// <summary>Gradient evaluations spent so far.</summary>
    public long GradientEvaluations { get; private set; }

    /// <summary>Outer steps taken so far.</summary>
    public long Steps { get; private set; }

    /// <summary>The network the optimizer offers for evaluation (a centre or an average for some); call <see cref="PrepareEvaluation"/> first.</summary>
    public abstract nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>One step; returns the mean mini-batch loss of the gradient evaluations it made.</summary>
    public double Step()
    {
        using var scope = NewDisposeScope();
        double loss = StepCore();
        Steps++;
        return loss;
    }

    /// <summary>Makes <see cref="Model"/> ready to evaluate (e.g. averaged weights with recomputed BatchNorm statistics on <paramref name="train"/>).</summary>
    public virtual void PrepareEvaluation(Dataset train) { }

    /// <summary>Writes the complete state: counters, stream positions and the optimizer's own state.</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Name);
        writer.Write(GradientEvaluations);
        writer.Write(Steps);
        writer.Write(_streams.Count);
        foreach (MiniBatches s in _streams) s.Save(writer);
        SaveState(writer);
    }

    /// <summary>Restores a state written by <see cref="Save"/> for an optimizer of the same name and settings.</summary>
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string name = reader.ReadString();
        if (name != Name) throw new InvalidDataException($"the state is of optimizer '{name}', not '{Name}'");
        GradientEvaluations = reader.ReadInt64();
        Steps = reader.ReadInt64();
        int streams = reader.ReadInt32();
        for (int a = 0; a < streams; a++) Stream(a).Load(reader);
        LoadState(reader);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The step itself, already inside a dispose scope.</summary>
    protected abstract double StepCore();

    /// <summary>Every tensor of the optimizer's state: networks (parameters and BatchNorm statistics), buffers, averages.</summary>
    protected abstract IEnumerable<Tensor> State { get; }

    /// <summary>Writes the optimizer's own state; override to add what is not a tensor of <see cref="State"/>.</summary>
    protected virtual void SaveState(BinaryWriter writer) => Weights.Save(writer, State);

    /// <summary>Reads what <see cref="SaveState"/> wrote.</summary>
    protected virtual void LoadState(BinaryReader reader) => Weights.Load(reader, State);

    /// <summary>Batch stream <paramref name="a"/> (replica a's data order), created on first use.</summary>
    protected MiniBatches Stream(int a)
    {
        while (_streams.Count <= a) _streams.Add(_createStream(_streams.Count));
        return _streams[a];
    }

    /// <summary>
    /// Fills the gradients of <paramref name="model"/> with those of the cross-entropy on the next mini-batch of
    /// stream <paramref name="stream"/>; returns the loss. Counts one gradient evaluation.
    /// </summary>
    protected double Gradient(nn.Module<Tensor, Tensor> model, int stream = 0)
    {
        Stream(stream).Next();
        return GradientOnCurrentBatch(model, stream);
    }

    /// <summary>As <see cref="Gradient"/>, on the batch stream <paramref name="stream"/> already holds (SAM's second pass).</summary>
    protected double GradientOnCurrentBatch(nn.Module<Tensor, Tensor> model, int stream = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        MiniBatches s = Stream(stream);
        // Frees the activations of this pass now rather than at the end of a step that makes many passes.
        using var scope = NewDisposeScope();
        model.zero_grad();
        using Tensor loss = nn.functional.cross_entropy(model.forward(s.Images), s.Labels);
        loss.backward();
        GradientEvaluations++;
        return loss.item<float>();
    }

    /// <summary>Releases the batch streams; subclasses release their networks and state.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        foreach (MiniBatches s in _streams) s.Dispose();
    }
}
