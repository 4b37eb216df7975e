namespace LocalEntropy.Solvers;

/// <summary>
/// The robust-ensemble centre W̃_j summed over the level set (ALGORITHMS.md §2 with §1.2; docs/algorithms.md, "Multi-level
/// weights"): with S the sum of the replicas' numerators at a site (Σ_a W^a_j = S/L), the centre contributes
/// Z(S) = Σ_{k=0}^{L} exp(γ v_k S/L), v_k = (2k − L)/L. For L = 1 this is 2cosh(γS).
/// </summary>
internal static class LevelCentre
{
    /// <summary>
    /// log Z(S) up to a constant that does not depend on S (only differences enter the solvers); for L = 1 exactly
    /// log cosh(γS), the binary robust-ensemble term.
    /// </summary>
    public static double LogWeight(double gamma, int sum, int levels)
    {
        if (levels == 1) return LogCosh(gamma * sum);
        double top = gamma * Math.Abs(sum) / levels;
        double z = 0;
        for (int k = 0; k <= levels; k++) z += Math.Exp(gamma * (2 * k - levels) * sum / ((double)levels * levels) - top);
        return top + Math.Log(z);
    }

    /// <summary>The mean of v under the weights exp(γ v S/L) (tanh(γS) for L = 1): where the coupling pulls a replica's weight.</summary>
    public static double Mean(double gamma, int sum, int levels)
    {
        if (levels == 1) return Math.Tanh(gamma * sum);
        double top = gamma * Math.Abs(sum) / levels;
        double z = 0, m = 0;
        for (int k = 0; k <= levels; k++)
        {
            double v = (double)(2 * k - levels) / levels;
            double e = Math.Exp(gamma * v * sum / levels - top);
            z += e;
            m += v * e;
        }
        return m / z;
    }

    /// <summary>log cosh x without overflow.</summary>
    public static double LogCosh(double x)
    {
        x = Math.Abs(x);
        return x + Math.Log(0.5 * (1 + Math.Exp(-2 * x)));
    }

    /// <summary>
    /// The acceptance factor of the centre for moving one replica's numerator at a site whose numerators sum to S:
    /// gain[(S + yL)·2] = Z(S + 2)/Z(S) (a move up), gain[(S + yL)·2 + 1] = Z(S − 2)/Z(S) (a move down), S ∈ [−yL, yL].
    /// </summary>
    public static void FillGain(double[] gain, double gamma, int replicas, int levels)
    {
        int top = replicas * levels;
        for (int s = -top; s <= top; s++)
        {
            double here = LogWeight(gamma, s, levels);
            gain[(s + top) * 2 + 1] = Math.Exp(LogWeight(gamma, s - 2, levels) - here);
            gain[(s + top) * 2] = Math.Exp(LogWeight(gamma, s + 2, levels) - here);
        }
    }
}
