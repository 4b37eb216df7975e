namespace LocalEntropy.Landscape;

/// <summary>One point of an exact local-entropy curve.</summary>
/// <param name="Hamming">Number of synapses that differ from the reference.</param>
/// <param name="Distance">Normalised distance d = Hamming / N.</param>
/// <param name="Solutions">N_d, the number of solutions at that distance.</param>
/// <param name="Entropy">S(d) = (1/N) ln N_d, in nats per synapse.</param>
public sealed record ExactLocalEntropyPoint(int Hamming, double Distance, long Solutions, double Entropy);

/// <summary>
/// The local entropy around a reference counted exactly (ALGORITHMS.md §2): S(d) = (1/N) ln N_d with N_d the number
/// of solutions at Hamming distance d·N, from an exact enumeration. It is what the BP curve of
/// <see cref="LocalEntropyCurve"/> estimates, so at small N it shows where BP is right.
/// </summary>
public static class ExactLocalEntropy
{
    /// <summary>N_d around <paramref name="reference"/> from <paramref name="enumerator"/>, as a curve.</summary>
    public static EnumerationResult<IReadOnlyList<ExactLocalEntropyPoint>> Compute(
        SolutionEnumerator enumerator, Numerics.SpinVector reference, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(enumerator);
        EnumerationResult<long[]> counts = enumerator.CountByDistance(reference, progress, cancellationToken);
        return new(FromCounts(counts.Value), counts.Solutions, counts.Nodes, counts.Stop, counts.Elapsed);
    }

    /// <summary>The curve for the counts N_d, d = 0 … N; distances with no solution are left out (ln 0).</summary>
    public static IReadOnlyList<ExactLocalEntropyPoint> FromCounts(IReadOnlyList<long> countsByDistance)
    {
        ArgumentNullException.ThrowIfNull(countsByDistance);
        int n = countsByDistance.Count - 1;
        if (n < 1) throw new ArgumentException("need the counts at distances 0 … N, N ≥ 1", nameof(countsByDistance));
        return [.. Enumerable.Range(0, n + 1)
            .Where(d => countsByDistance[d] > 0)
            .Select(d => new ExactLocalEntropyPoint(d, (double)d / n, countsByDistance[d], Math.Log(countsByDistance[d]) / n))];
    }
}
