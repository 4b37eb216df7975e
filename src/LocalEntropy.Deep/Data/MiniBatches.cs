using LocalEntropy.Numerics;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Data;

/// <summary>
/// An endless, seeded stream of shuffled mini-batches over a data set. Pass p visits the images in the order of a
/// permutation drawn from <c>Rng(seed).Fork(p)</c>, so the stream's position alone (pass, batch) says what comes
/// next and a checkpoint restores it exactly. The last incomplete batch of a pass is dropped. Batches are copied into
/// two tensors allocated once: a batch is valid until the next call to <see cref="Next"/>.
/// </summary>
public sealed class MiniBatches : IDisposable
{
    private readonly Dataset _data;
    private readonly ulong _seed;
    private readonly int[] _order;
    private readonly float[] _pixels;
    private readonly long[] _labels;
    private int _orderPass = -1;

    /// <summary>A stream over <paramref name="data"/> in batches of <paramref name="batchSize"/> (at most the data set size).</summary>
    public MiniBatches(Dataset data, int batchSize, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _data = data;
        _seed = seed;
        BatchSize = Math.Min(batchSize, data.Count);
        _order = new int[data.Count];
        _pixels = new float[BatchSize * data.ImageSize];
        _labels = new long[BatchSize];
        // Created on first use, often inside a step's dispose scope, yet they live as long as the stream.
        Images = zeros([BatchSize, .. data.Shape]).DetachFromDisposeScope();
        Labels = zeros([BatchSize], ScalarType.Int64).DetachFromDisposeScope();
    }

    /// <summary>Images per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Full batches in one pass over the data.</summary>
    public int BatchesPerPass => _data.Count / BatchSize;

    /// <summary>The current pass over the data (0-based).</summary>
    public int Pass { get; private set; }

    /// <summary>The next batch's index within the current pass.</summary>
    public int Position { get; private set; }

    /// <summary>The current batch's images (batch × channels × rows × cols).</summary>
    public Tensor Images { get; }

    /// <summary>The current batch's labels (int64).</summary>
    public Tensor Labels { get; }

    /// <summary>Copies the next batch into <see cref="Images"/> and <see cref="Labels"/>.</summary>
    public void Next()
    {
        if (Position == BatchesPerPass)
        {
            Pass++;
            Position = 0;
        }
        if (_orderPass != Pass)
        {
            for (int i = 0; i < _order.Length; i++) _order[i] = i;
            new Rng(_seed).Fork((ulong)Pass).Shuffle(_order.AsSpan());
            _orderPass = Pass;
        }
        int size = _data.ImageSize;
        for (int b = 0; b < BatchSize; b++)
        {
            int image = _order[Position * BatchSize + b];
            _data.Pixels.AsSpan(image * size, size).CopyTo(_pixels.AsSpan(b * size));
            _labels[b] = _data.Labels[image];
        }
        Images.data<float>().CopyFrom(_pixels);
        Labels.data<long>().CopyFrom(_labels);
        Position++;
    }

    /// <summary>Writes the stream's position.</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Pass);
        writer.Write(Position);
    }

    /// <summary>Restores a position written by <see cref="Save"/>.</summary>
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Pass = reader.ReadInt32();
        Position = reader.ReadInt32();
        if (Pass < 0 || Position < 0 || Position > BatchesPerPass) throw new InvalidDataException($"batch stream position {Pass}:{Position} is out of range");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
