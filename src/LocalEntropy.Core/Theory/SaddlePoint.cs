using System.Globalization;

namespace LocalEntropy.Theory;

/// <summary>Options of the damped fixed-point iteration that finds a replica saddle point.</summary>
public sealed record SaddlePointOptions
{
    /// <summary>
    /// Converged when the estimated distance to the fixed point, step/(1 − ρ) with ρ the observed contraction of
    /// successive steps, is at most this.
    /// </summary>
    public double Tolerance { get; init; } = 1e-12;

    /// <summary>Maximum number of iterations.</summary>
    public int MaxIterations { get; init; } = 10_000;

    /// <summary>
    /// Fraction of the old value kept at each update (0 = plain iteration). The maps of this folder are increasing,
    /// so the plain iteration approaches the fixed point monotonically and damping only slows it; damping is for
    /// maps that overshoot (slope below −1 at the fixed point).
    /// </summary>
    public double Damping { get; init; }

    /// <summary>Throws for options that cannot run.</summary>
    public void Validate()
    {
        if (!(Tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "must be positive");
        if (MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "must be at least 1");
        if (!(Damping >= 0 && Damping < 1)) throw new ArgumentOutOfRangeException(nameof(Damping), Damping, "must be in [0, 1)");
    }
}

/// <summary>Why a saddle-point iteration stopped.</summary>
public enum SaddlePointStop
{
    /// <summary>The estimated distance to the fixed point fell below the tolerance.</summary>
    Converged,

    /// <summary>The iteration budget ran out first.</summary>
    MaxIterations,

    /// <summary>The map returned NaN or an infinity (e.g. an overlap reached 1, where the theory diverges).</summary>
    NonFinite,
}

/// <summary>How a saddle-point iteration ended.</summary>
/// <param name="Value">The fixed point; NaN unless <see cref="Converged"/>.</param>
/// <param name="StopReason">Why the iteration stopped.</param>
/// <param name="Iterations">Map evaluations done.</param>
/// <param name="LastIterate">The last finite iterate, for diagnostics only.</param>
public sealed record SaddlePointResult(double Value, SaddlePointStop StopReason, int Iterations, double LastIterate)
{
    /// <summary>True when <see cref="Value"/> is a fixed point within the tolerance.</summary>
    public bool Converged => StopReason == SaddlePointStop.Converged;

    /// <summary>How it ended in a few words, e.g. "MaxIterations after 1 iterations, last iterate 0.2".</summary>
    public string Describe() => Converged
        ? $"converged in {Iterations} iterations"
        : string.Create(CultureInfo.InvariantCulture, $"{StopReason} after {Iterations} iterations, last iterate {LastIterate:G6}");
}

/// <summary>
/// Damped fixed-point iteration x ← d·x + (1 − d)·F(x) for one order parameter: the two-parameter saddle points of
/// this folder reduce to x = F(x) by solving the conjugate equation in closed form inside F.
/// </summary>
public static class SaddlePoint
{
    // Cap of the contraction estimate, so that a ratio of steps at rounding level cannot stall the check forever.
    private const double MaxContraction = 0.99;

    /// <summary>Iterates <paramref name="map"/> from <paramref name="start"/>; never throws for non-convergence.</summary>
    public static SaddlePointResult Iterate(Func<double, double> map, double start, SaddlePointOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        options ??= new SaddlePointOptions();
        options.Validate();
        if (!double.IsFinite(start)) throw new ArgumentOutOfRangeException(nameof(start), start, "must be finite");
        double x = start, previousStep = 0;
        for (int i = 1; i <= options.MaxIterations; i++)
        {
            double mapped = map(x);
            if (!double.IsFinite(mapped)) return new SaddlePointResult(double.NaN, SaddlePointStop.NonFinite, i, x);
            double next = options.Damping * x + (1 - options.Damping) * mapped;
            double step = Math.Abs(next - x);
            // A contraction with ratio ρ is within step·ρ/(1 − ρ) ≤ step/(1 − ρ) of its fixed point.
            double contraction = previousStep > 0 ? Math.Min(step / previousStep, MaxContraction) : MaxContraction;
            x = next;
            if (step <= options.Tolerance * (1 - contraction)) return new SaddlePointResult(x, SaddlePointStop.Converged, i, x);
            previousStep = step;
        }
        return new SaddlePointResult(double.NaN, SaddlePointStop.MaxIterations, options.MaxIterations, x);
    }
}
