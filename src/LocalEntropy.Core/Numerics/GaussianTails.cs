using MathNet.Numerics;

namespace LocalEntropy.Numerics;

/// <summary>Gaussian tail functions in forms that stay finite far in the tails (ALGORITHMS.md §5).</summary>
public static class GaussianTails
{
    private static readonly double LogSqrtPi = 0.5 * Math.Log(Math.PI);

    /// <summary>log erfc(x), accurate where erfc itself underflows.</summary>
    public static double LogErfc(double x)
    {
        if (x < 25) return Math.Log(SpecialFunctions.Erfc(x));
        // Asymptotic series erfc(x) = e^{−x²}/(x√π) · (1 − 1/(2x²) + 3/(4x⁴) − 15/(8x⁶) + …); at x ≥ 25 the
        // truncation error is below 1e-13 relative.
        double r = 1 / (2 * x * x);
        return -x * x - Math.Log(x) - LogSqrtPi + Math.Log(1 - r + 3 * r * r - 15 * r * r * r);
    }

    /// <summary>H(t) = ∫_t^∞ Dz = ½ erfc(t/√2).</summary>
    public static double H(double t) => 0.5 * SpecialFunctions.Erfc(t / Math.Sqrt(2));

    /// <summary>log H(t), finite for every finite t.</summary>
    public static double LogH(double t) => LogErfc(t / Math.Sqrt(2)) - Math.Log(2);

    /// <summary>log(2 cosh x) without overflow.</summary>
    public static double LogTwoCosh(double x)
    {
        x = Math.Abs(x);
        return x + Math.Log(1 + Math.Exp(-2 * x));
    }
}
