using MathNet.Numerics;

namespace LocalEntropy.Numerics;

/// <summary>Gaussian tail functions in forms that stay finite far in the tails (ALGORITHMS.md §5).</summary>
public static class GaussianTails
{
    private static readonly double LogSqrtPi = 0.5 * Math.Log(Math.PI);
    private static readonly double LogSqrtTwoPi = 0.5 * Math.Log(2 * Math.PI);

    // erfcx(x) = e^{x²} erfc(x) on [0, TableEnd] at spacing 1/TableScale, with its derivative 2x·erfcx(x) − 2/√π,
    // for cubic Hermite interpolation (relative error below 1e-10).
    private const int TableScale = 128;
    private const double TableEnd = 25;
    private static readonly double InvSqrtPi = 1 / Math.Sqrt(Math.PI);
    private static readonly double[] ErfcxTable = BuildErfcxTable();

    private static double[] BuildErfcxTable()
    {
        int count = (int)(TableEnd * TableScale) + 2;
        var table = new double[2 * count];
        for (int i = 0; i < count; i++)
        {
            double x = (double)i / TableScale;
            double value = SpecialFunctions.Erfc(x) * Math.Exp(x * x);
            table[2 * i] = value;
            table[2 * i + 1] = 2 * x * value - 2 * InvSqrtPi;
        }
        return table;
    }

    /// <summary>Scaled complementary error function e^{x²} erfc(x) for x ≥ 0.</summary>
    public static double Erfcx(double x)
    {
        if (x >= TableEnd)
        {
            // Asymptotic series; at x ≥ 25 the truncation error is below 1e-13 relative.
            double r = 1 / (2 * x * x);
            return InvSqrtPi / x * (1 - r + 3 * r * r - 15 * r * r * r);
        }
        double u = x * TableScale;
        int i = (int)u;
        double t = u - i;
        double h = 1.0 / TableScale;
        double y0 = ErfcxTable[2 * i], d0 = ErfcxTable[2 * i + 1] * h;
        double y1 = ErfcxTable[2 * i + 2], d1 = ErfcxTable[2 * i + 3] * h;
        double t2 = t * t, t3 = t2 * t;
        return (2 * t3 - 3 * t2 + 1) * y0 + (t3 - 2 * t2 + t) * d0 + (-2 * t3 + 3 * t2) * y1 + (t3 - t2) * d1;
    }

    /// <summary>log erfc(x), accurate where erfc itself underflows; about ten times cheaper than log(erfc(x)).</summary>
    public static double LogErfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x >= 0) return -x * x + Math.Log(Erfcx(x));
        // erfc(x) = 2 − erfc(−x) for x < 0; far out it is 2 to double precision.
        if (x < -6) return Math.Log(2);
        return Math.Log(2 - Math.Exp(-x * x) * Erfcx(-x));
    }

    /// <summary>Reference log erfc(x) straight from the library function (tests and benchmarks).</summary>
    internal static double LogErfcReference(double x) => Math.Log(SpecialFunctions.Erfc(x));

    /// <summary>H(t) = ∫_t^∞ Dz = ½ erfc(t/√2).</summary>
    public static double H(double t) => 0.5 * SpecialFunctions.Erfc(t / Math.Sqrt(2));

    /// <summary>log H(t), finite for every finite t.</summary>
    public static double LogH(double t) => LogErfc(t / Math.Sqrt(2)) - Math.Log(2);

    /// <summary>The standard Gaussian density G(t) = e^{−t²/2}/√(2π).</summary>
    public static double G(double t) => Math.Exp(LogG(t));

    /// <summary>log G(t) = −t²/2 − log √(2π).</summary>
    public static double LogG(double t) => -0.5 * t * t - LogSqrtTwoPi;

    /// <summary>log(2 cosh x) without overflow.</summary>
    public static double LogTwoCosh(double x)
    {
        x = Math.Abs(x);
        return x + Math.Log(1 + Math.Exp(-2 * x));
    }
}
