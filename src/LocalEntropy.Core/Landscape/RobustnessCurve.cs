using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Landscape;

/// <summary>One point of a robustness curve: how many training errors flipping a random fraction of the weights adds.</summary>
/// <param name="Fraction">The fraction p of the weights asked for.</param>
/// <param name="Flips">Distinct weights flipped in every sample: round(p·size), halves away from zero.</param>
/// <param name="Mean">Mean increase δE = E(W with the flips) − E(W) in training errors, over the samples.</param>
/// <param name="StdDev">Sample standard deviation of δE (n − 1 in the denominator; 0 for a single sample).</param>
/// <param name="StdError">Standard error of <see cref="Mean"/>: StdDev/√samples.</param>
/// <param name="Min">Smallest δE seen (negative when the flips repair errors of a non-solution).</param>
/// <param name="Max">Largest δE seen.</param>
/// <param name="MeanPerPattern">Mean δE as a fraction of the patterns, to compare instances with different P.</param>
public sealed record RobustnessPoint(
    double Fraction, int Flips, double Mean, double StdDev, double StdError, int Min, int Max, double MeanPerPattern);

/// <summary>What a robustness curve samples.</summary>
public sealed record RobustnessOptions
{
    /// <summary>Fractions p of the weights to flip, each in (0, 1]; default 20 evenly spaced from 0.01 to 0.2.</summary>
    public IReadOnlyList<double> Fractions { get; init; } = RobustnessCurve.Grid(0.01, 0.2, 20);

    /// <summary>Random flip sets drawn at each fraction.</summary>
    public int Samples { get; init; } = 200;

    /// <summary>Threads that draw the samples; the curve does not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Fractions, nameof(Fractions));
        if (Fractions.Count == 0) throw new ArgumentException("needs at least one fraction", nameof(Fractions));
        foreach (double p in Fractions)
        {
            if (!(p > 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(Fractions), p, "a fraction of the weights must be in (0, 1]");
        }
        if (Samples < 1) throw new ArgumentOutOfRangeException(nameof(Samples), Samples, "needs at least one sample");
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "must be at least 1");
    }
}

/// <summary>
/// Robustness, or local energy (ALGORITHMS.md §4): flip a random set of round(p·size) distinct weights of W and count
/// the training errors this adds, δE(p) = E(W with the flips) − E(W); mean and spread over many sets. A solution in a
/// wide, dense region keeps most patterns right when a few weights flip (small δE at small p); an isolated one
/// loses them quickly. For a committee machine the weights are its N·K synapses.
/// </summary>
public static class RobustnessCurve
{
    /// <summary>
    /// Samples are drawn in blocks of this many: block b of fraction i draws from <c>rng.Fork(i).Fork(b)</c>, so the
    /// blocks can run on any thread in any order and the curve depends on the seed only.
    /// </summary>
    internal const int SamplesPerBlock = 32;

    /// <summary><paramref name="count"/> evenly spaced values from <paramref name="low"/> to <paramref name="high"/> (both included).</summary>
    public static double[] Grid(double low, double high, int count)
    {
        if (!(high > low) || !double.IsFinite(low) || !double.IsFinite(high))
            throw new ArgumentOutOfRangeException(nameof(high), high, $"need finite bounds with high > low = {low}");
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        // The last value is set exactly so the grid ends on the bound the user gave.
        return [.. Enumerable.Range(0, count).Select(i => i == count - 1 ? high : low + (high - low) * i / (count - 1))];
    }

    /// <summary>Weights flipped for fraction <paramref name="p"/> of <paramref name="size"/>: round(p·size), halves away from zero.</summary>
    public static int FlipCount(double p, int size) => (int)Math.Round(p * size, MidpointRounding.AwayFromZero);

    /// <summary>
    /// δE at each fraction of <paramref name="options"/>, around <paramref name="weights"/>. Every fraction draws its
    /// own streams of <paramref name="rng"/> (by index), so two weight vectors measured with generators of the same
    /// seed see the same flip sets. <see cref="IEnergyProblem{TConfig}.Errors"/> is called from several threads at
    /// once; <see cref="Perceptron"/> and <see cref="CommitteeMachine"/> allow that.
    /// </summary>
    public static IReadOnlyList<RobustnessPoint> Compute(
        IEnergyProblem<SpinVector> problem, SpinVector weights, RobustnessOptions options, Rng rng,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        if (weights.Length != problem.Size)
            throw new ArgumentException($"weights have length {weights.Length}, the problem has {problem.Size}", nameof(weights));

        int baseErrors = problem.Errors(weights);
        int fractions = options.Fractions.Count, samples = options.Samples;
        int blocks = (samples + SamplesPerBlock - 1) / SamplesPerBlock;
        var increases = new int[fractions * samples];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads, CancellationToken = cancellationToken };
        Parallel.For(0, fractions * blocks, parallel, item =>
        {
            (int i, int b) = Math.DivRem(item, blocks);
            int first = b * SamplesPerBlock;
            Span<int> block = increases.AsSpan(i * samples + first, Math.Min(SamplesPerBlock, samples - first));
            int flips = FlipCount(options.Fractions[i], weights.Length);
            SampleBlock(problem, weights, baseErrors, flips, rng.Fork((ulong)i).Fork((ulong)b), block, cancellationToken);
        });

        var points = new RobustnessPoint[fractions];
        for (int i = 0; i < fractions; i++)
        {
            double p = options.Fractions[i];
            points[i] = Summarize(p, FlipCount(p, weights.Length), increases.AsSpan(i * samples, samples), problem.Constraints);
        }
        return points;
    }

    /// <summary>Fills <paramref name="increases"/> with δE of one sample each; allocates once per block, never per sample.</summary>
    private static void SampleBlock(
        IEnergyProblem<SpinVector> problem, SpinVector weights, int baseErrors, int flips, Rng rng, Span<int> increases,
        CancellationToken cancellationToken)
    {
        int size = weights.Length;
        var perturbed = weights.Clone();
        int[] order = [.. Enumerable.Range(0, size)];
        for (int s = 0; s < increases.Length; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            perturbed.CopyFrom(weights);
            // Partial Fisher–Yates: order[0..flips) becomes a uniform random set of distinct indices. Starting from
            // whatever order the previous sample left is fine: the set drawn is uniform given any starting order.
            for (int t = 0; t < flips; t++)
            {
                int j = t + rng.NextInt(size - t);
                (order[t], order[j]) = (order[j], order[t]);
                perturbed.Flip(order[t]);
            }
            increases[s] = problem.Errors(perturbed) - baseErrors;
        }
    }

    private static RobustnessPoint Summarize(double fraction, int flips, ReadOnlySpan<int> increases, int patterns)
    {
        // Integer sums are exact, so the statistics do not depend on the order the blocks finished in.
        long sum = 0, sumSquares = 0;
        int min = int.MaxValue, max = int.MinValue;
        foreach (int d in increases)
        {
            sum += d;
            sumSquares += (long)d * d;
            min = Math.Min(min, d);
            max = Math.Max(max, d);
        }
        int n = increases.Length;
        double mean = (double)sum / n;
        // n Σd² − (Σd)² in exact integers: no cancellation when the spread is small next to the mean.
        Int128 spread = (Int128)n * sumSquares - (Int128)sum * sum;
        double std = n > 1 ? Math.Sqrt((double)spread / ((double)n * (n - 1))) : 0;
        return new RobustnessPoint(fraction, flips, mean, std, std / Math.Sqrt(n), min, max, mean / patterns);
    }
}
