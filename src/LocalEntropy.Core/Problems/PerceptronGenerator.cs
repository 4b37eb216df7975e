using LocalEntropy.Numerics;

namespace LocalEntropy.Problems;

/// <summary>Random instances of the binary perceptron (ALGORITHMS.md §1.1).</summary>
public static class PerceptronGenerator
{
    /// <summary>P = round(αN), rounding halves away from zero.</summary>
    public static int PatternCount(int n, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (!(alpha > 0) || !double.IsFinite(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be a positive number");
        // Decimal arithmetic: α = 0.7 is 0.69999… in binary, and 0.7·45 must round the exact half 31.5 up to 32.
        decimal exact = alpha < 1e9 ? (decimal)alpha * n : (decimal)(alpha * n);
        return (int)Math.Max(1, Math.Min(int.MaxValue, Math.Round(exact, MidpointRounding.AwayFromZero)));
    }

    /// <summary>Patterns and labels i.i.d. uniform ±1.</summary>
    public static Perceptron Random(int n, int p, Rng rng)
    {
        CheckSizes(n, p);
        var inputs = new SpinVector[p];
        var labels = new int[p];
        for (int mu = 0; mu < p; mu++)
        {
            inputs[mu] = SpinVector.Random(n, rng);
            labels[mu] = rng.NextBool() ? 1 : -1;
        }
        return new Perceptron(inputs, labels);
    }

    /// <summary>
    /// A random teacher W* labels uniform patterns: σ^μ = sign(W*·ξ^μ). For even N a pattern with W*·ξ = 0 is
    /// redrawn, so the teacher is always a solution.
    /// </summary>
    public static Perceptron TeacherStudent(int n, int p, Rng rng)
    {
        CheckSizes(n, p);
        return TeacherStudent(SpinVector.Random(n, rng), p, rng);
    }

    /// <summary>
    /// <paramref name="p"/> uniform patterns labelled by the given <paramref name="teacher"/>, σ^μ = sign(W*·ξ^μ)
    /// (patterns with W*·ξ = 0 redrawn): fresh data from the same rule, e.g. a test set for a trained student.
    /// </summary>
    public static Perceptron TeacherStudent(SpinVector teacher, int p, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(rng);
        int n = teacher.Length;
        CheckSizes(n, p);
        var inputs = new SpinVector[p];
        var labels = new int[p];
        for (int mu = 0; mu < p; mu++)
        {
            SpinVector xi;
            int h;
            do
            {
                xi = SpinVector.Random(n, rng);
                h = teacher.Dot(xi);
            }
            while (h == 0);
            inputs[mu] = xi;
            labels[mu] = h > 0 ? 1 : -1;
        }
        return new Perceptron(inputs, labels, teacher);
    }

    private static void CheckSizes(int n, int p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 1);
    }
}
