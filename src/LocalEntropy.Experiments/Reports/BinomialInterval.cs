namespace LocalEntropy.Experiments;

/// <summary>A confidence interval for a success probability estimated from successes out of trials.</summary>
public readonly record struct BinomialInterval(double Lower, double Upper)
{
    /// <summary>The two-sided 95 % normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// The Wilson score interval: unlike the normal approximation p ± z√(p(1 − p)/n) it stays inside [0, 1] and does
    /// not collapse to a point at 0 or n successes (10 of 10 gives [0.72, 1], not [1, 1]).
    /// </summary>
    public static BinomialInterval Wilson(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        double n = trials, p = successes / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new BinomialInterval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
