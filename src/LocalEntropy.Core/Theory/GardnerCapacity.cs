using LocalEntropy.Numerics;

namespace LocalEntropy.Theory;

/// <summary>
/// Gardner's capacity of the perceptron with continuous spherical weights and margin κ (ALGORITHMS.md §5):
/// α_c(κ) = [∫_{−κ}^∞ Dt (t + κ)²]^{−1}, α_c(0) = 2.
/// </summary>
public static class GardnerCapacity
{
    /// <summary>
    /// Smallest margin accepted. For κ &lt; 0 the closed form is a difference of two nearly equal terms, losing about
    /// κ⁴/2 in relative accuracy: at κ = −10 (α_c ≈ 6.9·10²⁴) it still agrees with the quadrature to 5e-11, far below
    /// it the digits and soon the double range run out.
    /// </summary>
    public const double MinKappa = -10;

    /// <summary>The closed form α_c(κ) = 1 / [(1 + κ²) H(−κ) + κ G(κ)].</summary>
    public static double AlphaC(double kappa)
    {
        CheckKappa(kappa);
        return 1 / ((1 + kappa * kappa) * GaussianTails.H(-kappa) + kappa * GaussianTails.G(kappa));
    }

    /// <summary>The definition α_c(κ) = [∫_{−κ}^∞ Dt (t + κ)²]^{−1} by quadrature: a check of <see cref="AlphaC"/>.</summary>
    public static double AlphaCByIntegral(double kappa)
    {
        CheckKappa(kappa);
        return 1 / GaussianIntegral.Expectation(t => (t + kappa) * (t + kappa), -kappa, double.PositiveInfinity);
    }

    private static void CheckKappa(double kappa)
    {
        if (!double.IsFinite(kappa) || kappa < MinKappa)
            throw new ArgumentOutOfRangeException(nameof(kappa), kappa, $"the margin must be a finite number >= {MinKappa}");
    }
}
