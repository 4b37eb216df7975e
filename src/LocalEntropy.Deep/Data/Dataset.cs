using static TorchSharp.torch;

namespace LocalEntropy.Deep.Data;

/// <summary>Labelled images held in managed memory (normalised pixels, row-major) for copying into batches.</summary>
public sealed class Dataset
{
    /// <summary>Wraps <paramref name="pixels"/> (count × channels × rows × cols) and one label per image.</summary>
    public Dataset(float[] pixels, byte[] labels, int channels, int rows, int cols, int classes)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if (pixels.Length != (long)labels.Length * channels * rows * cols)
            throw new ArgumentException($"{pixels.Length} pixels do not make {labels.Length} images of {channels}×{rows}×{cols}", nameof(pixels));
        if (labels.Any(l => l >= classes)) throw new ArgumentException($"a label is not below {classes}", nameof(labels));
        Pixels = pixels;
        Labels = labels;
        Shape = [channels, rows, cols];
        Classes = classes;
    }

    /// <summary>All pixels, image after image.</summary>
    public float[] Pixels { get; }

    /// <summary>One class index per image.</summary>
    public byte[] Labels { get; }

    /// <summary>The shape of one image: channels, rows, columns.</summary>
    public long[] Shape { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Pixels per image.</summary>
    public int ImageSize => Pixels.Length / Math.Max(1, Count);

    /// <summary>The first <paramref name="count"/> images (all when count is null or not smaller).</summary>
    public Dataset Take(int? count)
    {
        if (count is not int n || n >= Count) return this;
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1, nameof(count));
        return new Dataset(Pixels[..(n * ImageSize)], Labels[..n], (int)Shape[0], (int)Shape[1], (int)Shape[2], Classes);
    }

    /// <summary>Images [start, start + count) as new tensors (images and int64 labels), for evaluation.</summary>
    public (Tensor Images, Tensor Labels) Slice(int start, int count)
    {
        var images = tensor(Pixels.AsSpan(start * ImageSize, count * ImageSize).ToArray(), [count, .. Shape]);
        var labels = tensor(Labels.AsSpan(start, count).ToArray().Select(l => (long)l).ToArray(), [count]);
        return (images, labels);
    }
}
