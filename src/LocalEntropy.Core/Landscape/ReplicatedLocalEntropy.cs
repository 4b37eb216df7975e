using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Landscape;

/// <summary>
/// The replicated local entropy of ALGORITHMS.md §4 (the "replicated BP" tool): y replicas coupled with strength γ to
/// a centre W̃ that is summed over, Z_y = Σ_W̃ [Σ_W e^{γ W·W̃} 𝟙(W solves)]^y, so the centres weigh as the y-th power
/// of their local partition function and large y picks the densest regions. BP runs on the collapsed system of
/// focusing BP (each variable gets the field η = <see cref="FocusingBeliefPropagation.FocusField"/>(G, γ, y) of its
/// centre, G the data field) and the Bethe free entropy of the whole replicated graph is
/// Φ_y = y Φ(η) + Σ_j [log Σ_{s=±1} e^{y L(G_j + sγ)} − y L(G_j + η_j)], with Φ(η) the problem's free entropy under the
/// fields η and L = log 2cosh. The internal free entropy of a centre is F_I = ∂Φ_y/∂y at fixed messages (stationarity
/// makes that the whole derivative): F_I = Φ(η) + Σ_j [Σ_s w_{js} L(G_j + sγ) − L(G_j + η_j)], w_{js} ∝ e^{y L(G_j + sγ)}.
/// The replica–centre overlap per variable is (tanh γ + tanh G tanh C)/(1 + tanh γ tanh G tanh C), with
/// C = (y − 1) atanh(tanh G tanh γ) the centre's field from the other replicas; then d = (1 − q)/2 and S = F_I/N − γ q.
/// </summary>
public static class ReplicatedLocalEntropy
{
    /// <summary>
    /// S(d) of the dense regions that y replicas select, at each γ of <paramref name="gammas"/> (give them in increasing
    /// order: BP is warm-started from one γ to the next, as in scoping).
    /// </summary>
    public static IReadOnlyList<LocalEntropyPoint> Compute(
        Perceptron problem, double y, IReadOnlyList<double> gammas, Rng rng, BeliefPropagationOptions? options = null,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        Compute(new PerceptronBeliefPropagation(problem), y, gammas, rng, options, progress, cancellationToken);

    /// <summary>The same over the N·K synapses of a committee machine.</summary>
    public static IReadOnlyList<LocalEntropyPoint> Compute(
        CommitteeMachine problem, double y, IReadOnlyList<double> gammas, Rng rng, BeliefPropagationOptions? options = null,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        Compute(new CommitteeBeliefPropagation(problem), y, gammas, rng, options, progress, cancellationToken);

    private static List<LocalEntropyPoint> Compute(
        BeliefPropagation bp, double y, IReadOnlyList<double> gammas, Rng rng, BeliefPropagationOptions? options,
        IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gammas);
        ArgumentNullException.ThrowIfNull(rng);
        if (!(y >= 1) || !double.IsFinite(y)) throw new ArgumentOutOfRangeException(nameof(y), y, "y must be finite and >= 1");
        options ??= new BeliefPropagationOptions { Tolerance = 1e-5, MaxIterations = 2000, Damping = 0.5 };
        options.Validate();
        // Small random messages break the W → −W symmetry that zero messages keep.
        bp.Randomize(rng, 0.1);
        var points = new List<LocalEntropyPoint>(gammas.Count);
        for (int k = 0; k < gammas.Count; k++)
        {
            double gamma = gammas[k];
            if (!(gamma > 0) || !double.IsFinite(gamma)) throw new ArgumentOutOfRangeException(nameof(gammas), gamma, "γ must be finite and positive");
            bool converged = Converge(bp, y, gamma, options, cancellationToken);
            points.Add(Evaluate(bp, y, gamma, options, converged));
            progress?.Report(k + 1);
        }
        return points;
    }

    /// <summary>Sweeps with the centre's field η = FocusField(G, γ, y) refreshed before each sweep; true once converged.</summary>
    internal static bool Converge(BeliefPropagation bp, double y, double gamma, BeliefPropagationOptions options, CancellationToken cancellationToken = default)
    {
        for (int it = 0; it < options.MaxIterations; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int j = 0; j < bp.N; j++) bp.SetExternalField(j, FocusingBeliefPropagation.FocusField(bp.DataField(j), gamma, y));
            if (bp.Sweep(options) < options.Tolerance) return true;
        }
        return false;
    }

    /// <summary>The Bethe free entropy Φ_y of the replicated graph at the current messages (the tests differentiate it in y).</summary>
    internal static double FreeEntropy(BeliefPropagation bp, double y, double gamma, BeliefPropagationOptions options)
    {
        double phi = y * bp.FreeEntropy(options);
        for (int j = 0; j < bp.N; j++)
        {
            double data = bp.DataField(j);
            double plus = y * GaussianTails.LogTwoCosh(data + gamma), minus = y * GaussianTails.LogTwoCosh(data - gamma);
            double high = Math.Max(plus, minus);
            phi += high + Math.Log(1 + Math.Exp(Math.Min(plus, minus) - high)) - y * GaussianTails.LogTwoCosh(data + bp.ExternalField(j));
        }
        return phi;
    }

    private static LocalEntropyPoint Evaluate(BeliefPropagation bp, double y, double gamma, BeliefPropagationOptions options, bool converged)
    {
        int n = bp.N;
        double internalFreeEntropy = bp.FreeEntropy(options), overlap = 0, tanhGamma = Math.Tanh(gamma);
        for (int j = 0; j < n; j++)
        {
            double data = bp.DataField(j);
            double plus = GaussianTails.LogTwoCosh(data + gamma), minus = GaussianTails.LogTwoCosh(data - gamma);
            // Weights of the centre's two values, e^{y L(G ± γ)} normalised without overflow.
            double wPlus = 1 / (1 + Math.Exp(y * (minus - plus)));
            internalFreeEntropy += wPlus * plus + (1 - wPlus) * minus - GaussianTails.LogTwoCosh(data + bp.ExternalField(j));
            double centre = (y - 1) * FocusingBeliefPropagation.AtanhOfTanhProduct(data, gamma);
            double product = Math.Tanh(data) * Math.Tanh(centre);
            overlap += (tanhGamma + product) / (1 + tanhGamma * product);
        }
        double q = overlap / n;
        return new LocalEntropyPoint(gamma, (1 - q) / 2, internalFreeEntropy / n - gamma * q, q, converged);
    }
}
