using LocalEntropy.Numerics;

namespace LocalEntropy.Problems;

/// <summary>Random instances of the binary committee machine (ALGORITHMS.md §1.3).</summary>
public static class CommitteeGenerator
{
    /// <summary>P = round(α·N·K), rounding halves away from zero.</summary>
    public static int PatternCount(int n, int k, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return PerceptronGenerator.PatternCount(checked(n * k), alpha);
    }

    /// <summary>Patterns and labels i.i.d. uniform ±1; input length N, or N·K for a tree.</summary>
    public static CommitteeMachine Random(int n, int k, int p, bool tree, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 1);
        int length = tree ? checked(n * k) : n;
        var inputs = new SpinVector[p];
        var labels = new int[p];
        for (int mu = 0; mu < p; mu++)
        {
            inputs[mu] = SpinVector.Random(length, rng);
            labels[mu] = rng.NextBool() ? 1 : -1;
        }
        return new CommitteeMachine(k, tree, inputs, labels);
    }
}
