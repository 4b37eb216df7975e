using LocalEntropy.Numerics;

namespace LocalEntropy.Theory;

/// <summary>
/// Integrals ∫Dz f(z) against the standard Gaussian measure Dz = e^{−z²/2} dz/√(2π) (ALGORITHMS.md §5), by adaptive
/// Gauss–Kronrod quadrature of f(z)·G(z) on |z| ≤ <see cref="Cutoff"/>.
/// </summary>
/// <remarks>
/// Gauss–Hermite rules are exact for polynomials but the replica integrands are not polynomial-like: ln 2cosh(√q̂ z)
/// and tanh(√r z + r) bend sharply on a scale 1/√q̂, and ln H(−t z) grows like t²z²/2 in one tail, so a fixed rule
/// loses accuracy exactly where the saddle points sit (large q̂, q near 1). The adaptive rule refines where the
/// integrand bends and reaches a relative accuracy near 1e-12 on all of them.
/// </remarks>
public static class GaussianIntegral
{
    /// <summary>
    /// Half-width of the integration window: Dz weighs e^{−128} beyond it, negligible for any integrand here (the
    /// fastest, ln H(−t z), grows like t²z²/2).
    /// </summary>
    public const double Cutoff = 16;

    /// <summary>Target of the summed error estimates, relative to ∫Dz |f|.</summary>
    public const double RelativeTolerance = 1e-12;

    // Far more panels than any integrand here needs: at most about 240 for q up to 0.9995 and conjugates up to 500.
    private const int MaxPanels = 4000;

    /// <summary>∫Dz f(z) over the whole line; NaN if f is not finite or the panel budget runs out.</summary>
    public static double Expectation(Func<double, double> f) => Expectation(f, double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>∫_lower^upper Dz f(z) (infinite bounds allowed); NaN if f is not finite or the panel budget runs out.</summary>
    public static double Expectation(Func<double, double> f, double lower, double upper)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (!(lower <= upper)) throw new ArgumentException($"need lower <= upper, got [{lower}, {upper}]");
        double a = Math.Max(lower, -Cutoff), b = Math.Min(upper, Cutoff);
        if (!(a < b)) return 0;
        // Unit-width starting panels, so that no bend of the integrand hides between the nodes of one wide panel.
        int panels = (int)Math.Ceiling(b - a);
        return GaussKronrod.Integrate(z => f(z) * GaussianTails.G(z), a, b, RelativeTolerance, panels, MaxPanels);
    }
}
