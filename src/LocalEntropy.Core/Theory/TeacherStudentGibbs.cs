using LocalEntropy.Numerics;

namespace LocalEntropy.Theory;

/// <summary>The saddle point of Gibbs learning in the binary teacher-student perceptron at one load.</summary>
/// <param name="Alpha">Load α = P/N.</param>
/// <param name="GeneralizationError">ε_g = arccos(q)/π; NaN unless converged.</param>
/// <param name="Entropy">s(α), log of the number of students consistent with the teacher per weight; NaN unless converged.</param>
/// <param name="Overlap">q, the overlap of a student with the teacher (equal to that of two students); NaN unless converged.</param>
/// <param name="R">The conjugate r = 2αΨ'(q); NaN unless converged.</param>
/// <param name="Saddle">How the iteration on q ended.</param>
public sealed record GibbsLearningPoint(double Alpha, double GeneralizationError, double Entropy, double Overlap, double R, SaddlePointResult Saddle)
    : ReplicaPoint(Alpha, Entropy, Saddle);

/// <summary>
/// Gibbs learning of a binary teacher by a binary student, in the Bayes-optimal (Nishimori) setting where the overlap
/// with the teacher equals the overlap between students (ALGORITHMS.md §5):
/// s(α) = ln 2 + extr_{q, r} [∫Dz ln cosh(√r z + r) − r(1 + q)/2 + αΨ(q)], Ψ(q) = 2∫Dz H(−t) ln H(−t), t = √(q/(1 − q)) z.
/// </summary>
/// <remarks>
/// <see cref="Solve"/> follows the poor-generalization branch, reached by iterating from q = 0. Its entropy vanishes
/// at <see cref="TransitionAlpha"/> (≈ 1.245), where learning jumps to perfect generalization (q = 1, s = 0); above
/// it the branch is metastable, with negative entropy, until it disappears and the iteration runs to q = 1.
/// </remarks>
public static class TeacherStudentGibbs
{
    // s changes sign inside this bracket (s(1) ≈ 0.11 > 0 > s(1.4) ≈ −0.06), and the poor-generalization branch,
    // which ends near α ≈ 1.49, still exists at its upper end.
    private const double BracketLow = 1.0, BracketHigh = 1.4;

    /// <summary>Solves the saddle point at load <paramref name="alpha"/>, iterating on q from q = 0.</summary>
    public static GibbsLearningPoint Solve(double alpha, SaddlePointOptions? options = null)
    {
        ReplicaPoint.CheckLoad(alpha);
        SaddlePointResult saddle = SaddlePoint.Iterate(q => OverlapOf(Conjugate(alpha, q)), 0, options);
        if (!saddle.Converged) return new GibbsLearningPoint(alpha, double.NaN, double.NaN, double.NaN, double.NaN, saddle);
        double q = saddle.Value, r = Conjugate(alpha, q);
        return new GibbsLearningPoint(alpha, Math.Acos(q) / Math.PI, Entropy(alpha, q, r), q, r, saddle);
    }

    /// <summary>
    /// The load where the entropy of the poor-generalization branch vanishes: the first-order transition to perfect
    /// generalization. Not found if a saddle point on the way did not converge.
    /// </summary>
    public static CriticalLoad TransitionAlpha(SaddlePointOptions? options = null) =>
        CriticalLoad.ZeroEntropy(alpha => Solve(alpha, options), BracketLow, BracketHigh);

    /// <summary>
    /// r = 2αΨ'(q) with Ψ' derived analytically: by ∫Dz z f(z) = ∫Dz f'(z) (Gaussian integration by parts),
    /// Ψ'(q) = 1/(1 − q) ∫Dz G(t)²/H(−t). No numerical derivative, so r is as accurate as the quadrature.
    /// </summary>
    private static double Conjugate(double alpha, double q)
    {
        double scale = Math.Sqrt(q / (1 - q));
        return 2 * alpha / (1 - q) * GaussianIntegral.Expectation(z =>
        {
            double t = scale * z;
            return Math.Exp(2 * GaussianTails.LogG(t) - GaussianTails.LogH(-t));
        });
    }

    /// <summary>q = ∫Dz tanh(√r z + r).</summary>
    private static double OverlapOf(double r)
    {
        double root = Math.Sqrt(r);
        return GaussianIntegral.Expectation(z => Math.Tanh(root * z + r));
    }

    /// <summary>
    /// s = ∫Dz ln 2cosh(√r z + r) − r(1 + q)/2 + αΨ(q): the ln 2 of the formula absorbed into ln 2cosh, which stays
    /// finite for any r.
    /// </summary>
    private static double Entropy(double alpha, double q, double r)
    {
        double root = Math.Sqrt(r), scale = Math.Sqrt(q / (1 - q));
        double psi = 2 * GaussianIntegral.Expectation(z =>
        {
            double logH = GaussianTails.LogH(-scale * z);
            return Math.Exp(logH) * logH;
        });
        return GaussianIntegral.Expectation(z => GaussianTails.LogTwoCosh(root * z + r)) - 0.5 * r * (1 + q) + alpha * psi;
    }
}
