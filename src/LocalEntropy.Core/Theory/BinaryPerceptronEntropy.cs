using LocalEntropy.Numerics;

namespace LocalEntropy.Theory;

/// <summary>The replica-symmetric saddle point of the binary perceptron with random labels at one load.</summary>
/// <param name="Alpha">Load α = P/N.</param>
/// <param name="Entropy">s(α), the log of the number of solutions per weight; NaN unless converged.</param>
/// <param name="Q">Overlap q between two solutions; NaN unless converged.</param>
/// <param name="QHat">Conjugate q̂; NaN unless converged.</param>
/// <param name="Saddle">How the iteration on q ended.</param>
public sealed record PerceptronEntropyPoint(double Alpha, double Entropy, double Q, double QHat, SaddlePointResult Saddle)
    : ReplicaPoint(Alpha, Entropy, Saddle);

/// <summary>
/// Gardner–Derrida replica-symmetric entropy of the binary perceptron with random labels (ALGORITHMS.md §5):
/// s(α) = extr_{q, q̂} [−q̂(1 − q)/2 + ∫Dz ln 2cosh(√q̂ z) + α ∫Dz ln H(−t)], t = √(q/(1 − q)) z.
/// s → ln 2 as α → 0 and vanishes at α ≈ 0.833, the capacity of the binary perceptron.
/// </summary>
public static class BinaryPerceptronEntropy
{
    // s changes sign inside this bracket: s(0.5) ≈ 0.31 > 0 > s(1) ≈ −0.20.
    private const double BracketLow = 0.5, BracketHigh = 1.0;

    /// <summary>Solves the saddle point at load <paramref name="alpha"/>, iterating on q from q = 0.</summary>
    public static PerceptronEntropyPoint Solve(double alpha, SaddlePointOptions? options = null)
    {
        ReplicaPoint.CheckLoad(alpha);
        SaddlePointResult saddle = SaddlePoint.Iterate(q => Overlap(ConjugateOverlap(alpha, q)), 0, options);
        if (!saddle.Converged) return new PerceptronEntropyPoint(alpha, double.NaN, double.NaN, double.NaN, saddle);
        double qValue = saddle.Value, qHat = ConjugateOverlap(alpha, qValue);
        return new PerceptronEntropyPoint(alpha, Entropy(alpha, qValue, qHat), qValue, qHat, saddle);
    }

    /// <summary>The load where s(α) = 0, by bisection on s; not found if a saddle point on the way did not converge.</summary>
    public static CriticalLoad ZeroEntropyAlpha(SaddlePointOptions? options = null) =>
        CriticalLoad.ZeroEntropy(alpha => Solve(alpha, options), BracketLow, BracketHigh);

    /// <summary>q̂ = α/(1 − q) ∫Dz [G(t)/H(−t)]², the ratio taken in log form so that it stays finite where H underflows.</summary>
    private static double ConjugateOverlap(double alpha, double q)
    {
        double scale = Math.Sqrt(q / (1 - q));
        return alpha / (1 - q) * GaussianIntegral.Expectation(z =>
        {
            double t = scale * z;
            return Math.Exp(2 * (GaussianTails.LogG(t) - GaussianTails.LogH(-t)));
        });
    }

    /// <summary>q = ∫Dz tanh²(√q̂ z).</summary>
    private static double Overlap(double qHat)
    {
        double root = Math.Sqrt(qHat);
        return GaussianIntegral.Expectation(z => Math.Pow(Math.Tanh(root * z), 2));
    }

    private static double Entropy(double alpha, double q, double qHat)
    {
        double root = Math.Sqrt(qHat), scale = Math.Sqrt(q / (1 - q));
        return -0.5 * qHat * (1 - q)
            + GaussianIntegral.Expectation(z => GaussianTails.LogTwoCosh(root * z))
            + alpha * GaussianIntegral.Expectation(z => GaussianTails.LogH(-scale * z));
    }
}
