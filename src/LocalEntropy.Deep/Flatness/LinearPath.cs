using LocalEntropy.Deep.Data;
using LocalEntropy.Deep.Optimizers;
using LocalEntropy.Deep.Training;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Flatness;

/// <summary>The network (1 − t)·a + t·b on the straight line between two minima.</summary>
public sealed record PathPoint(double T, double Loss, double Error);

/// <summary>Loss and error along the line between two minima, and the barrier on it.</summary>
public sealed record LinearPathResult(IReadOnlyList<PathPoint> Points)
{
    /// <summary>The largest excess of the loss over the chord between the end points: max_t L(t) − ((1 − t)L(0) + tL(1)).</summary>
    public double Barrier => Points.Max(p => p.Loss - ((1 - p.T) * Points[0].Loss + p.T * Points[^1].Loss));
}

/// <summary>
/// Mode connectivity along the straight line between two trained networks of one architecture: two minima in one
/// wide flat region are joined by a low path, two isolated minima by a high barrier. BatchNorm statistics are
/// recomputed for every interpolated network (interpolated weights have none of their own).
/// </summary>
public static class LinearPath
{
    /// <summary>
    /// Measures <paramref name="points"/> evenly spaced networks from <paramref name="a"/> (t = 0) to
    /// <paramref name="b"/> (t = 1) on <paramref name="data"/>, using <paramref name="scratch"/> (same architecture) for them.
    /// </summary>
    public static LinearPathResult Measure(nn.Module<Tensor, Tensor> a, nn.Module<Tensor, Tensor> b, nn.Module<Tensor, Tensor> scratch, Dataset data, int points)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(scratch);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        var wa = Weights.Of(a);
        var wb = Weights.Of(b);
        var w = Weights.Of(scratch);
        var result = new List<PathPoint>(points);
        for (int k = 0; k < points; k++)
        {
            double t = (double)k / (points - 1);
            using (no_grad())
            {
                for (int i = 0; i < w.Length; i++) w[i].copy_(wa[i]).mul_(1 - t).add_(wb[i], alpha: t);
            }
            Weights.RecomputeBatchNorm(scratch, data);
            LossAndError m = Evaluation.Measure(scratch, data);
            result.Add(new PathPoint(t, m.Loss, m.Error));
        }
        return new LinearPathResult(result);
    }
}
