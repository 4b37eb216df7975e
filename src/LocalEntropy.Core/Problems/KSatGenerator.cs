using LocalEntropy.Numerics;

namespace LocalEntropy.Problems;

/// <summary>Random K-SAT formulas (ALGORITHMS.md §1.4).</summary>
public static class KSatGenerator
{
    /// <summary>M = round(αN), halves away from zero (the same rule as the patterns of a perceptron).</summary>
    public static int ClauseCount(int n, double alpha) => PerceptronGenerator.PatternCount(n, alpha);

    /// <summary>
    /// <paramref name="m"/> clauses drawn independently: each over <paramref name="k"/> distinct variables chosen
    /// uniformly, each literal negated with probability ½.
    /// </summary>
    public static KSat Random(int n, int m, int k, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        if (n < k) throw new ArgumentOutOfRangeException(nameof(n), n, $"needs at least K = {k} variables for clauses of distinct variables");
        var clauses = new int[m][];
        for (int c = 0; c < m; c++)
        {
            var clause = new int[k];
            for (int i = 0; i < k; i++)
            {
                int v;
                // Rejection keeps the K variables distinct; K ≪ N makes repeats rare.
                do v = rng.NextInt(n) + 1;
                while (Array.IndexOf(clause, v, 0, i) >= 0 || Array.IndexOf(clause, -v, 0, i) >= 0);
                clause[i] = rng.NextBool() ? -v : v;
            }
            clauses[c] = clause;
        }
        return new KSat(n, clauses);
    }
}
