using System.Numerics;
using LocalEntropy.Numerics;

namespace LocalEntropy.Landscape;

/// <summary>Settings of <see cref="EnsembleVote.Compute"/>.</summary>
public sealed record EnsembleVoteOptions
{
    /// <summary>
    /// Distances d of the local votes: the solutions within Hamming radius r = round(d·N) (halves away from zero) of
    /// the centre vote. Default 0.1, 0.2 and 0.3: at N ≈ 31 the smallest radius holds tens of solutions around a dense
    /// one, the largest already a good part of its cluster.
    /// </summary>
    public IReadOnlyList<double> Distances { get; init; } = [0.1, 0.2, 0.3];

    /// <summary>Threads sharing the test patterns; the result does not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Distances, nameof(Distances));
        foreach (double d in Distances)
        {
            if (!(d >= 0 && d <= 1)) throw new ArgumentOutOfRangeException(nameof(Distances), d, "a distance is a fraction of N in [0, 1]");
        }
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "must be at least 1");
    }

    /// <summary>The Hamming radius of distance <paramref name="d"/> at <paramref name="n"/> synapses.</summary>
    public static int Radius(double d, int n) => (int)Math.Round(d * n, MidpointRounding.AwayFromZero);
}

/// <summary>The vote of the solutions near the centre.</summary>
/// <param name="Distance">The distance d asked for.</param>
/// <param name="Radius">The Hamming radius r = round(d·N).</param>
/// <param name="Voters">Solutions within the radius (the voters).</param>
/// <param name="Error">Test error of their majority vote (a tie counts as half an error).</param>
public sealed record LocalVote(double Distance, int Radius, long Voters, double Error);

/// <summary>Test errors of predictions made from the whole solution space of one instance.</summary>
/// <param name="TestPatterns">Number of test patterns.</param>
/// <param name="Solutions">Number of solutions (the voters of the Bayes vote).</param>
/// <param name="Bayes">Test error of the majority vote of every solution: the Bayes-optimal prediction for a uniform prior.</param>
/// <param name="Gibbs">Mean test error of a uniformly drawn solution (Gibbs learning), on the same test patterns.</param>
/// <param name="GibbsExact">Mean over the solutions of their exact generalization error (<see cref="StudentError.Exact(int, int)"/>): Gibbs without test-set noise.</param>
/// <param name="GibbsArccos">Mean over the solutions of arccos(q)/π, the large-N formula.</param>
/// <param name="Local">The votes around the centre, one per distance asked for; empty without a centre.</param>
public sealed record EnsembleErrors(
    int TestPatterns, long Solutions, double Bayes, double Gibbs, double GibbsExact, double GibbsArccos, IReadOnlyList<LocalVote> Local);

/// <summary>
/// Bayesian prediction from an exact solution set (ALGORITHMS.md §4; seed talk, "Optimal Bayesian prediction"): with
/// a uniform prior and noiseless labels the posterior is uniform over the solutions, so the Bayes-optimal label of a
/// new input is the majority vote sign(Σ_s sign(W_s·ξ)) of all of them, while Gibbs learning answers with one solution
/// drawn at random. The local vote keeps the solutions within a radius of a centre (a dense solution) only: the seed's
/// claim is that a dense region carries most of the Bayesian integral, so its vote comes close to the optimal one.
/// </summary>
/// <remarks>
/// Per test pattern x (labels absorbed, packed like the solutions) a solution w votes wrong exactly when
/// popcount(w XOR x) &gt; N/2, so the wrong votes of a block of solutions are one <see cref="SpinKernels.CountFar"/> pass.
/// With a centre the solutions are sorted by their distance from it, and the voters within each radius are a prefix:
/// one pass per pattern yields the Bayes vote, the Gibbs mean and every local vote. A vote with as many right as wrong
/// voters (possible only for an even number of voters) counts as half an error. Counts are exact integers summed per
/// pattern, so the result does not depend on the thread count.
/// </remarks>
public static class EnsembleVote
{
    /// <summary>
    /// The Bayes, Gibbs and local-vote errors of <paramref name="solutions"/> (every solution of a teacher-student
    /// instance) on <paramref name="test"/>, the local votes around <paramref name="centre"/> when given. Throws
    /// <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public static EnsembleErrors Compute(
        SolutionSet solutions, TestSet test, SpinVector? centre = null, EnsembleVoteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(solutions);
        ArgumentNullException.ThrowIfNull(test);
        options ??= new EnsembleVoteOptions();
        options.Validate();
        int n = solutions.Size;
        if (test.N != n) throw new ArgumentException($"test patterns have {test.N} inputs, solutions have {n}", nameof(test));
        if (centre is not null && centre.Length != n) throw new ArgumentException($"centre has {centre.Length} synapses, solutions have {n}", nameof(centre));
        if (solutions.Count == 0) throw new ArgumentException("no solutions to vote", nameof(solutions));

        int[] radii = centre is null ? [] : [.. options.Distances.Select(d => EnsembleVoteOptions.Radius(d, n))];
        (ulong[]? sorted, long[] withinRadius) = centre is null ? (null, []) : ByDistance(solutions, centre);
        int[] voters = [.. radii.Select(r => (int)withinRadius[r])];
        // The distinct prefix ends in ascending order, the last one every solution (the Bayes vote).
        int[] cuts = [.. voters.Append(solutions.Count).Distinct().Order()];
        ulong[] patterns = test.PackedLikeSolutions();
        // Per cut: the vote's errors in halves (a tie is 1, a wrong majority 2); and the wrong votes of all solutions.
        var halfErrors = new long[cuts.Length];
        long wrongVotes = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads, CancellationToken = cancellationToken };
        Parallel.For(0, patterns.Length, parallel, () => (Half: new long[cuts.Length], Wrong: 0L), (nu, _, local) =>
        {
            local.Wrong += Tally(sorted is null ? solutions.Packed : sorted, cuts, patterns[nu], n, local.Half);
            return local;
        }, local =>
        {
            lock (halfErrors)
            {
                for (int k = 0; k < cuts.Length; k++) halfErrors[k] += local.Half[k];
                wrongVotes += local.Wrong;
            }
        });

        int t = patterns.Length;
        double VoteError(int voterCount) => halfErrors[Array.IndexOf(cuts, voterCount)] / (2.0 * t);
        long[] byTeacherDistance = solutions.CountByDistance(test.Teacher);
        double MeanOver(Func<int, double> error) => Enumerable.Range(0, n + 1).Sum(h => byTeacherDistance[h] * error(h)) / solutions.Count;
        return new EnsembleErrors(
            t, solutions.Count,
            Bayes: VoteError(solutions.Count),
            Gibbs: (double)wrongVotes / ((double)t * solutions.Count),
            GibbsExact: MeanOver(h => StudentError.Exact(n, h)),
            GibbsArccos: MeanOver(h => StudentError.Arccos(n, h)),
            Local: [.. radii.Select((r, k) => new LocalVote(options.Distances[k], r, voters[k], VoteError(voters[k])))]);
    }

    /// <summary>
    /// The solutions sorted by Hamming distance from <paramref name="centre"/> (a counting sort), and for each radius
    /// r = 0 … N the number within it.
    /// </summary>
    private static (ulong[] Sorted, long[] WithinRadius) ByDistance(SolutionSet solutions, SpinVector centre)
    {
        int n = solutions.Size;
        long[] shells = solutions.CountByDistance(centre);
        var within = new long[n + 1];
        var next = new long[n + 1];
        for (int d = 0; d <= n; d++)
        {
            within[d] = (d > 0 ? within[d - 1] : 0) + shells[d];
            next[d] = within[d] - shells[d];
        }
        ulong c = SolutionSet.Pack(centre);
        var sorted = new ulong[solutions.Count];
        foreach (ulong w in solutions.Packed) sorted[next[BitOperations.PopCount(w ^ c)]++] = w;
        return (sorted, within);
    }

    /// <summary>
    /// Adds one test pattern's vote error for the voters before each cut to <paramref name="halfErrors"/>; returns its
    /// wrong votes over all solutions.
    /// </summary>
    private static int Tally(ReadOnlySpan<ulong> voters, int[] cuts, ulong pattern, int n, long[] halfErrors)
    {
        ReadOnlySpan<ulong> x = [pattern];
        // Wrong when the field W·x = N − 2·popcount(w XOR x) is negative: Hamming at least N/2 + 1 (odd N: never 0).
        int limit = n / 2 + 1, start = 0, wrong = 0;
        for (int k = 0; k < cuts.Length; k++)
        {
            // Prefixes nest: count only the voters this one adds.
            wrong += SpinKernels.CountFar(x, voters[start..cuts[k]], limit);
            start = cuts[k];
            int right = cuts[k] - wrong;
            halfErrors[k] += right < wrong ? 2 : right == wrong ? 1 : 0;
        }
        return wrong;
    }
}
