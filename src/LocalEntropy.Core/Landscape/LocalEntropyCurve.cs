using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Landscape;

/// <summary>One point of a local-entropy curve.</summary>
/// <param name="Gamma">Coupling γ of the external field γ W̃_j.</param>
/// <param name="Distance">Normalised Hamming distance d = (1 − q)/2 from the reference.</param>
/// <param name="Entropy">Local entropy S(d) = Φ/N − γ q, in nats per variable.</param>
/// <param name="Overlap">q = (1/N) Σ_j W̃_j m_j.</param>
/// <param name="Converged">Whether BP converged at this γ; unconverged points are unreliable.</param>
public sealed record LocalEntropyPoint(double Gamma, double Distance, double Entropy, double Overlap, bool Converged);

/// <summary>
/// Local entropy around a reference configuration W̃ via BP (ALGORITHMS.md §4): BP with external field γ W̃_j gives
/// the Bethe free entropy Φ(γ); with q = (1/N) Σ_j W̃_j m_j and d = (1 − q)/2, S(d) = Φ/N − γ q counts (per
/// variable, in log) the solutions at distance d. Sweeping γ from large to small draws S(d) from d ≈ 0 outwards.
/// By default BP starts afresh at each γ: warm-starting from a strong field can leave the messages frozen on the
/// reference (d = 0) at every later γ. Dense regions have S(d) close to the α = 0 bound H(d); around an isolated
/// solution BP finds nothing at small d (S = 0 at d = 0) and then jumps to a distant branch.
/// </summary>
public static class LocalEntropyCurve
{
    /// <summary>H(d) = −d ln d − (1 − d) ln(1 − d): the local entropy when every configuration is a solution.</summary>
    public static double UpperBound(double d) =>
        d <= 0 || d >= 1 ? 0 : -d * Math.Log(d) - (1 - d) * Math.Log(1 - d);

    /// <summary>A geometric γ grid from <paramref name="high"/> down to <paramref name="low"/>.</summary>
    public static double[] GammaGrid(double high = 4, double low = 0.2, int count = 16)
    {
        if (!(high > low && low > 0)) throw new ArgumentOutOfRangeException(nameof(low), "need high > low > 0");
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        return [.. Enumerable.Range(0, count).Select(i => high * Math.Pow(low / high, (double)i / (count - 1)))];
    }

    /// <summary>Computes S(d) at each γ of <paramref name="gammas"/> (in the order given; large to small is best).</summary>
    public static IReadOnlyList<LocalEntropyPoint> Compute(
        Perceptron problem, SpinVector reference, IReadOnlyList<double> gammas, BeliefPropagationOptions? options = null,
        bool warmStart = false, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        Compute(new PerceptronBeliefPropagation(problem), reference, gammas, options, warmStart, progress, cancellationToken);

    /// <summary>
    /// S(d) around the synapses <paramref name="reference"/> of a committee machine (unit k's weights at k·N … k·N + N − 1),
    /// with d the fraction of the N·K synapses that differ.
    /// </summary>
    public static IReadOnlyList<LocalEntropyPoint> Compute(
        CommitteeMachine problem, SpinVector reference, IReadOnlyList<double> gammas, BeliefPropagationOptions? options = null,
        bool warmStart = false, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        Compute(new CommitteeBeliefPropagation(problem), reference, gammas, options, warmStart, progress, cancellationToken);

    private static List<LocalEntropyPoint> Compute(
        BeliefPropagation bp, SpinVector reference, IReadOnlyList<double> gammas, BeliefPropagationOptions? options,
        bool warmStart, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(gammas);
        int n = bp.N;
        if (reference.Length != n)
            throw new ArgumentException($"reference has {reference.Length} weights, the problem has {n}", nameof(reference));
        options ??= new BeliefPropagationOptions { Tolerance = 1e-5, MaxIterations = 2000, Damping = 0.3 };
        var points = new List<LocalEntropyPoint>(gammas.Count);
        for (int k = 0; k < gammas.Count; k++)
        {
            double gamma = gammas[k];
            if (!(gamma >= 0) || !double.IsFinite(gamma)) throw new ArgumentOutOfRangeException(nameof(gammas), gamma, "γ must be finite and >= 0");
            if (!warmStart) bp.Reset();
            for (int j = 0; j < n; j++) bp.SetExternalField(j, gamma * reference[j]);
            BeliefPropagationResult r = bp.Run(options, cancellationToken);
            double[] m = bp.Marginals();
            double q = 0;
            for (int j = 0; j < n; j++) q += reference[j] * m[j];
            q /= n;
            double phi = bp.FreeEntropy(options) / n;
            points.Add(new LocalEntropyPoint(gamma, (1 - q) / 2, phi - gamma * q, q, r.Converged));
            progress?.Report(k + 1);
        }
        return points;
    }
}
