using LocalEntropy.Numerics;
using MathNet.Numerics;

namespace LocalEntropy.Landscape;

/// <summary>
/// The generalization error of a binary student against a binary teacher: the probability that they disagree on a
/// uniform ±1 input (ALGORITHMS.md §1.1). It depends only on the number H of weights where they differ.
/// </summary>
public static class StudentError
{
    /// <summary>The large-N formula ε = arccos(q)/π, q = W·W*/N (inputs with Gaussian statistics).</summary>
    public static double Arccos(double overlap)
    {
        if (!(overlap >= -1 && overlap <= 1)) throw new ArgumentOutOfRangeException(nameof(overlap), overlap, "an overlap is in [-1, 1]");
        return Math.Acos(overlap) / Math.PI;
    }

    /// <summary>arccos(q)/π for a student <paramref name="differing"/> weights away from the teacher, q = 1 − 2H/N.</summary>
    public static double Arccos(int n, int differing)
    {
        CheckDistance(n, differing);
        return Arccos(1 - 2.0 * differing / n);
    }

    /// <summary>
    /// The exact error for ±1 inputs at odd N. In the gauge ξ_i → W*_i ξ_i the teacher's field is S_A + S_B and the
    /// student's S_A − S_B, with S_A the sum of the N − H inputs where they agree and S_B that of the H where they
    /// differ, independent sums of uniform ±1. They disagree exactly when |S_B| &gt; |S_A| (never equal at odd N, by
    /// parity): ε = Σ_a P(S_A = a) P(|S_B| &gt; |a|), O(N) terms with binomial weights in log space.
    /// </summary>
    public static double Exact(int n, int differing)
    {
        CheckDistance(n, differing);
        if (n % 2 == 0) throw new ArgumentException($"the exact error is defined for odd N (no zero fields), got N = {n}", nameof(n));
        int agreeing = n - differing;
        // beyond[k] = P(|S_B| > k) for k = 0 … H (S_B = 2j − H, j ~ Binomial(H, ½)).
        var beyond = new double[differing + 2];
        for (int j = 0; j <= differing; j++)
        {
            int magnitude = Math.Abs(2 * j - differing);
            if (magnitude > 0) beyond[magnitude - 1] += HalfBinomial(differing, j);
        }
        for (int k = differing - 1; k >= 0; k--) beyond[k] += beyond[k + 1];
        double error = 0;
        for (int i = 0; i <= agreeing; i++)
        {
            int magnitude = Math.Abs(2 * i - agreeing);
            if (magnitude <= differing) error += HalfBinomial(agreeing, i) * beyond[magnitude];
        }
        return Math.Clamp(error, 0, 1);
    }

    /// <summary>The exact error of <paramref name="student"/> against <paramref name="teacher"/> (odd length).</summary>
    public static double Exact(SpinVector student, SpinVector teacher)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(teacher);
        return Exact(teacher.Length, student.Hamming(teacher));
    }

    /// <summary>C(n, k)/2^n, computed in log space so that it neither overflows nor underflows early at large n.</summary>
    private static double HalfBinomial(int n, int k) => Math.Exp(SpecialFunctions.BinomialLn(n, k) - n * Math.Log(2));

    private static void CheckDistance(int n, int differing)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (differing < 0 || differing > n) throw new ArgumentOutOfRangeException(nameof(differing), differing, $"must be in [0, {n}]");
    }
}
