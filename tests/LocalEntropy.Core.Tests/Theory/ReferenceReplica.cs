using MathNet.Numerics;

namespace LocalEntropy.Core.Tests.Theory;

/// <summary>
/// An independent evaluation of the formulas of ALGORITHMS.md §5, sharing no code with LocalEntropy.Theory: the
/// trapezoid rule on z ∈ [−12, 12] with 20001 points, H straight from MathNet's erfc (no log forms), the conjugate
/// parameters as central differences of the energetic terms (not the derived closed forms) and a plain iteration.
/// </summary>
internal static class ReferenceReplica
{
    private const int Points = 20001;
    private const double Half = 12, DerivativeStep = 1e-3;
    private static readonly double Spacing = 2 * Half / (Points - 1);

    private static double Gauss(Func<double, double> f)
    {
        double sum = 0;
        for (int i = 0; i < Points; i++)
        {
            double z = -Half + i * Spacing;
            double weight = i == 0 || i == Points - 1 ? 0.5 : 1;
            sum += weight * f(z) * Math.Exp(-0.5 * z * z);
        }
        return sum * Spacing / Math.Sqrt(2 * Math.PI);
    }

    private static double H(double x) => 0.5 * SpecialFunctions.Erfc(x / Math.Sqrt(2));

    /// <summary>Five-point central difference: truncation ~h⁴ ≈ 1e-12, rounding ~1e-15/h ≈ 1e-12.</summary>
    private static double Derivative(Func<double, double> f, double q)
    {
        const double h = DerivativeStep;
        return (8 * (f(q + h) - f(q - h)) - (f(q + 2 * h) - f(q - 2 * h))) / (12 * h);
    }

    /// <summary>∫Dz ln H(−√(q/(1−q)) z).</summary>
    private static double RandomLabelEnergy(double q)
    {
        double t = Math.Sqrt(q / (1 - q));
        return Gauss(z => Math.Log(H(-t * z)));
    }

    /// <summary>Ψ(q) = 2∫Dz H(−t) ln H(−t).</summary>
    private static double Psi(double q)
    {
        double t = Math.Sqrt(q / (1 - q));
        return 2 * Gauss(z => H(-t * z) * Math.Log(H(-t * z)));
    }

    /// <summary>
    /// Iterates q ← next(q) from q = 0.05 (away from 0, where the differences would leave [0, 1)) until a step is below
    /// 1e-11: the rounding error of the differences (~1e-12) keeps much smaller steps from settling.
    /// </summary>
    private static double FixedPoint(Func<double, double> next)
    {
        double q = 0.05;
        for (int i = 0; i < 1000; i++)
        {
            double updated = next(q);
            if (Math.Abs(updated - q) < 1e-11) return updated;
            q = updated;
        }
        throw new InvalidOperationException("reference iteration did not converge");
    }

    /// <summary>Random labels: q̂ = −2α ∂_q ∫Dz ln H(−t), q = ∫Dz tanh²(√q̂ z).</summary>
    public static (double Entropy, double Q, double QHat) RandomLabels(double alpha)
    {
        double QHat(double q) => -2 * alpha * Derivative(RandomLabelEnergy, q);
        double q = FixedPoint(q =>
        {
            double root = Math.Sqrt(QHat(q));
            return Gauss(z => Math.Pow(Math.Tanh(root * z), 2));
        });
        double qHat = QHat(q);
        double entropy = -qHat * (1 - q) / 2 + Gauss(z => Math.Log(2 * Math.Cosh(Math.Sqrt(qHat) * z))) + alpha * RandomLabelEnergy(q);
        return (entropy, q, qHat);
    }

    /// <summary>Teacher-student Gibbs learning: r = 2αΨ'(q), q = ∫Dz tanh(√r z + r).</summary>
    public static (double GeneralizationError, double Entropy, double Q) TeacherStudent(double alpha)
    {
        double R(double q) => 2 * alpha * Derivative(Psi, q);
        double q = FixedPoint(q =>
        {
            double r = R(q);
            return Gauss(z => Math.Tanh(Math.Sqrt(r) * z + r));
        });
        double r = R(q);
        double entropy = Math.Log(2) + Gauss(z => Math.Log(Math.Cosh(Math.Sqrt(r) * z + r))) - r * (1 + q) / 2 + alpha * Psi(q);
        return (Math.Acos(q) / Math.PI, entropy, q);
    }
}
