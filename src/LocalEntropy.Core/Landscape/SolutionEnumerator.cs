using LocalEntropy.Landscape.Enumeration;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Landscape;

/// <summary>Settings of an exact enumeration.</summary>
public sealed record SolutionEnumeratorOptions
{
    /// <summary>Threads that share the search; the result does not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Wall-clock budget; the run stops cleanly when it runs out.</summary>
    public TimeSpan TimeLimit { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Most solutions <see cref="SolutionEnumerator.Solutions"/> keeps in memory (8 bytes each).</summary>
    public long MaxStoredSolutions { get; init; } = 1L << 27;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "needs at least one thread");
        if (TimeLimit != Timeout.InfiniteTimeSpan && TimeLimit <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(TimeLimit), TimeLimit, "must be positive (or infinite)");
        if (MaxStoredSolutions < 1) throw new ArgumentOutOfRangeException(nameof(MaxStoredSolutions), MaxStoredSolutions, "must be at least 1");
    }
}

/// <summary>Why an enumeration returned.</summary>
public enum EnumerationStop
{
    /// <summary>Every configuration was accounted for: the result is exact.</summary>
    Complete,

    /// <summary>The wall-clock budget ran out; counts are lower bounds.</summary>
    TimeLimit,

    /// <summary>The caller cancelled; counts are lower bounds.</summary>
    Cancelled,

    /// <summary>There are more solutions than <see cref="SolutionEnumeratorOptions.MaxStoredSolutions"/>; none were kept.</summary>
    TooManySolutions,
}

/// <summary>What an enumeration found and why it stopped.</summary>
/// <param name="Value">The product of the run (a count, a histogram, a solution set).</param>
/// <param name="Solutions">Solutions accounted for: all of them when <see cref="Stop"/> is Complete.</param>
/// <param name="Nodes">Search-tree nodes visited (a measure of the work).</param>
/// <param name="Stop">Why it stopped; anything but Complete leaves the counts as lower bounds.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record EnumerationResult<T>(T Value, long Solutions, long Nodes, EnumerationStop Stop, TimeSpan Elapsed)
{
    /// <summary>True when the result is exact.</summary>
    public bool Complete => Stop == EnumerationStop.Complete;
}

/// <summary>
/// Exact enumeration of the solutions (zero training errors) of a small binary perceptron or committee machine, by
/// branch and bound on the partial fields (ALGORITHMS.md §4): the synapses are decided in order, a branch is cut as
/// soon as some pattern can no longer be classified right whatever the undecided synapses do, and a branch where every
/// completion classifies every pattern right is counted whole. Both cores share the tree; results are the same for
/// any thread count. Solutions are handled in lexicographic order of their ± strings, − before +.
/// </summary>
public sealed class SolutionEnumerator
{
    /// <summary>Largest number of synapses (N for the perceptron, N·K for a committee) that can be enumerated.</summary>
    public const int MaxSize = 64;

    /// <summary>Largest number of patterns the vector lanes hold.</summary>
    public const int MaxPatterns = 256;

    private readonly IParallelSearch _search;
    private readonly SolutionEnumeratorOptions _options;

    /// <summary>Prepares the enumeration of a perceptron's solutions.</summary>
    public SolutionEnumerator(Perceptron problem, SolutionEnumeratorOptions? options = null)
        : this(new SearchProblem(problem.N, 1, problem.P, j => problem.Column(j)), options)
    {
    }

    /// <summary>Prepares the enumeration of a committee machine's solutions (configurations of N·K synapses, unit after unit).</summary>
    public SolutionEnumerator(CommitteeMachine problem, SolutionEnumeratorOptions? options = null)
        : this(new SearchProblem(problem.N, problem.K, problem.P, s => problem.Column(s)), options)
    {
    }

    private SolutionEnumerator(SearchProblem problem, SolutionEnumeratorOptions? options, bool scalar = false)
    {
        _options = options ?? new SolutionEnumeratorOptions();
        _options.Validate();
        if (problem.Size > MaxSize)
            throw new ArgumentException($"exact enumeration handles at most {MaxSize} synapses, this instance has {problem.Size}", nameof(problem));
        if (problem.P > MaxPatterns)
            throw new ArgumentException($"exact enumeration handles at most {MaxPatterns} patterns, this instance has {problem.P}", nameof(problem));
        _search = scalar ? new ParallelSearch<ScalarLanes64>(problem)
            : problem.P <= Lanes64.Lanes ? new ParallelSearch<Lanes64>(problem)
            : new ParallelSearch<Lanes256>(problem);
    }

    /// <summary>The same search on plain bytes instead of vectors (P ≤ 64): the scalar reference for tests and benchmarks.</summary>
    internal static SolutionEnumerator Scalar(Perceptron problem, SolutionEnumeratorOptions? options = null) =>
        new(new SearchProblem(problem.N, 1, problem.P, j => problem.Column(j)), options, scalar: true);

    /// <summary>Number of synapses of a configuration.</summary>
    public int Size => _search.Size;

    /// <summary>Counts the solutions.</summary>
    public EnumerationResult<long> Count(IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        long total = 0;
        SearchOutcome o = _search.Run(() => new CountSink(), s => total += s.Count, _options, progress, cancellationToken);
        return new(total, total, o.Nodes, o.Stop, o.Elapsed);
    }

    /// <summary>Every solution, in memory; stops with <see cref="EnumerationStop.TooManySolutions"/> past the limit of the options.</summary>
    public EnumerationResult<SolutionSet> Solutions(IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var configs = new List<ulong>();
        long total = 0;
        bool overflow = false;
        SearchOutcome o = _search.Run(() => new CubeListSink(), sink =>
        {
            total += sink.Count;
            overflow |= total > _options.MaxStoredSolutions;
            if (overflow) return;
            foreach (Cube c in sink.Cubes)
            {
                for (long i = 0; i < c.Size; i++) configs.Add(c.Prefix | (ulong)i);
            }
        }, _options, progress, cancellationToken);
        EnumerationStop stop = overflow && o.Stop == EnumerationStop.Complete ? EnumerationStop.TooManySolutions : o.Stop;
        var set = new SolutionSet(Size, overflow ? [] : [.. configs]);
        return new(set, total, o.Nodes, stop, o.Elapsed);
    }

    /// <summary>Hands every solution to <paramref name="visit"/> in order, without keeping them.</summary>
    public EnumerationResult<long> ForEach(Action<SpinVector> visit, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visit);
        long total = 0;
        SearchOutcome o = _search.Run(() => new CubeListSink(), sink =>
        {
            foreach (Cube c in sink.Cubes)
            {
                for (long i = 0; i < c.Size; i++) visit(SolutionSet.Unpack(c.Prefix | (ulong)i, Size));
            }
            total += sink.Count;
        }, _options, progress, cancellationToken);
        return new(total, total, o.Nodes, o.Stop, o.Elapsed);
    }

    /// <summary>
    /// N_d, the number of solutions at each Hamming distance d = 0 … Size from <paramref name="reference"/>, counted
    /// without listing them.
    /// </summary>
    public EnumerationResult<long[]> CountByDistance(SpinVector reference, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Length != Size)
            throw new ArgumentException($"reference has {reference.Length} synapses, the problem has {Size}", nameof(reference));
        ulong packed = SolutionSet.Pack(reference);
        long[][] binomials = Binomials(Size);
        var counts = new long[Size + 1];
        long total = 0;
        SearchOutcome o = _search.Run(() => new DistanceSink(packed, new long[Size + 1], binomials), sink =>
        {
            for (int d = 0; d <= Size; d++) counts[d] += sink.Counts[d];
            total += sink.Count;
        }, _options, progress, cancellationToken);
        return new(counts, total, o.Nodes, o.Stop, o.Elapsed);
    }

    /// <summary>
    /// <paramref name="count"/> distinct solutions drawn uniformly (all of them when there are fewer), in enumeration
    /// order; null when the search did not complete.
    /// </summary>
    public EnumerationResult<IReadOnlyList<SpinVector>?> Sample(int count, Rng rng, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(rng);
        EnumerationResult<long> counted = Count(null, cancellationToken);
        if (!counted.Complete) return new(null, counted.Solutions, counted.Nodes, counted.Stop, counted.Elapsed);
        long total = counted.Value;
        long[] ranks = count >= total ? [.. Enumerable.Range(0, (int)total).Select(i => (long)i)] : DistinctRanks(count, total, rng);
        // A second pass walks the cubes in order and keeps the chosen ranks.
        var chosen = new List<SpinVector>(ranks.Length);
        long seen = 0;
        int next = 0;
        SearchOutcome o = _search.Run(() => new CubeListSink(), sink =>
        {
            foreach (Cube c in sink.Cubes)
            {
                for (; next < ranks.Length && ranks[next] < seen + c.Size; next++)
                {
                    chosen.Add(SolutionSet.Unpack(c.Prefix | (ulong)(ranks[next] - seen), Size));
                }
                seen += c.Size;
            }
        }, _options, null, cancellationToken);
        TimeSpan elapsed = counted.Elapsed + o.Elapsed;
        return o.Stop == EnumerationStop.Complete
            ? new(chosen, total, counted.Nodes + o.Nodes, o.Stop, elapsed)
            : new(null, total, counted.Nodes + o.Nodes, o.Stop, elapsed);
    }

    /// <summary><paramref name="count"/> distinct ranks below <paramref name="total"/>, uniformly, sorted.</summary>
    private static long[] DistinctRanks(int count, long total, Rng rng)
    {
        var picks = new HashSet<long>();
        while (picks.Count < count) picks.Add((long)(rng.NextDouble() * total));
        return [.. picks.Order()];
    }

    /// <summary>Pascal's triangle up to row <paramref name="n"/> (C(64, 32) fits a long).</summary>
    internal static long[][] Binomials(int n)
    {
        var rows = new long[n + 1][];
        for (int r = 0; r <= n; r++)
        {
            rows[r] = new long[r + 1];
            rows[r][0] = rows[r][r] = 1;
            for (int i = 1; i < r; i++) rows[r][i] = rows[r - 1][i - 1] + rows[r - 1][i];
        }
        return rows;
    }
}
