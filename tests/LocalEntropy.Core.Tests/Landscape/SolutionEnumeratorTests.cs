using LocalEntropy.Landscape;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Core.Tests.Landscape;

public class SolutionEnumeratorTests
{
    /// <summary>
    /// Independent reference: every configuration in Gray-code order with the hidden fields kept up to date in plain
    /// int arrays (no packed kernels, no shared code); solutions as ± strings in lexicographic order, − first.
    /// </summary>
    private static List<string> BruteForce(int[][] x, int n, int k)
    {
        int size = n * k, p = x.Length;
        var w = new int[size];
        Array.Fill(w, -1);
        var h = new int[k, p];
        for (int u = 0; u < k; u++)
        {
            for (int mu = 0; mu < p; mu++)
            {
                for (int j = 0; j < n; j++) h[u, mu] -= x[mu][u * n + j];
            }
        }
        var codes = new List<long>();
        for (long i = 0; i < 1L << size; i++)
        {
            long gray = i ^ (i >> 1);
            if (i > 0)
            {
                // Bit b of the code is synapse size − 1 − b, so that code order is lexicographic order.
                int s = size - 1 - System.Numerics.BitOperations.TrailingZeroCount(i);
                w[s] = -w[s];
                for (int mu = 0; mu < p; mu++) h[s / n, mu] += 2 * w[s] * x[mu][s];
            }
            bool ok = true;
            for (int mu = 0; mu < p && ok; mu++)
            {
                int votes = 0;
                for (int u = 0; u < k; u++) votes += h[u, mu] > 0 ? 1 : -1;
                ok = votes > 0;
            }
            if (ok) codes.Add(gray);
        }
        codes.Sort();
        return [.. codes.Select(c => new string([.. Enumerable.Range(0, size).Select(s => ((c >> (size - 1 - s)) & 1) == 1 ? '+' : '-')]))];
    }

    private static int[][] SignedRows(Perceptron p) =>
        [.. Enumerable.Range(0, p.P).Select(mu => p.SignedInput(mu).ToSpins().Select(v => (int)v).ToArray())];

    /// <summary>Signed inputs of a committee laid out per unit (unit u's inputs at u·N … u·N + N − 1).</summary>
    private static int[][] SignedRows(CommitteeMachine c) =>
        [.. Enumerable.Range(0, c.P).Select(mu =>
        {
            SpinVector xi = c.Input(mu);
            return Enumerable.Range(0, c.N * c.K).Select(s => c.Label(mu) * xi[c.Tree ? s : s % c.N]).ToArray();
        })];

    private static Perceptron Instance(int n, double alpha, bool teacher, ulong seed)
    {
        int p = PerceptronGenerator.PatternCount(n, alpha);
        var rng = new Rng(seed);
        return teacher ? PerceptronGenerator.TeacherStudent(n, p, rng) : PerceptronGenerator.Random(n, p, rng);
    }

    public static TheoryData<int, double, bool, ulong> PerceptronCases => new()
    {
        { 1, 1.0, false, 1 },
        { 5, 0.4, false, 2 },
        { 11, 0.3, false, 3 },
        { 15, 0.5, true, 4 },
        { 17, 0.7, false, 5 },
        { 19, 0.2, false, 6 },
        { 19, 1.5, true, 7 },
        { 20, 0.5, false, 8 },   // even N: a zero field counts as an error
        { 21, 0.6, false, 9 },
        { 21, 0.9, false, 10 },
        { 21, 4.0, true, 11 },   // 84 patterns: the wide lane block
    };

    [Theory]
    [MemberData(nameof(PerceptronCases))]
    public void Perceptron_SolutionsAndCount_EqualBruteForce(int n, double alpha, bool teacher, ulong seed)
    {
        Perceptron problem = Instance(n, alpha, teacher, seed);
        List<string> expected = BruteForce(SignedRows(problem), n, 1);
        var enumerator = new SolutionEnumerator(problem);

        EnumerationResult<long> count = enumerator.Count();
        EnumerationResult<SolutionSet> set = enumerator.Solutions();

        Assert.True(count.Complete);
        Assert.Equal(expected.Count, count.Value);
        Assert.Equal(expected, Enumerable.Range(0, set.Value.Count).Select(i => set.Value[i].ToPlusMinus()));
        if (teacher) Assert.True(set.Value.Contains(problem.Teacher!));
    }

    [Fact]
    public void Perceptron_N25_CountEqualsBruteForce()
    {
        foreach ((bool teacher, ulong seed) in new[] { (false, 21UL), (true, 22UL) })
        {
            Perceptron problem = Instance(25, 0.4, teacher, seed);
            Assert.Equal(BruteForce(SignedRows(problem), 25, 1).Count, new SolutionEnumerator(problem).Count().Value);
        }
    }

    [Theory]
    [InlineData(3, 3, false, 0.5, 1UL)]
    [InlineData(5, 3, false, 0.4, 2UL)]
    [InlineData(5, 3, true, 0.6, 3UL)]
    [InlineData(3, 5, false, 0.3, 4UL)]
    [InlineData(7, 3, true, 0.3, 5UL)]
    public void Committee_Solutions_EqualBruteForce(int n, int k, bool tree, double alpha, ulong seed)
    {
        CommitteeMachine problem = CommitteeGenerator.Random(n, k, CommitteeGenerator.PatternCount(n, k, alpha), tree, new Rng(seed));
        List<string> expected = BruteForce(SignedRows(problem), n, k);

        EnumerationResult<SolutionSet> set = new SolutionEnumerator(problem).Solutions();

        Assert.Equal(expected, Enumerable.Range(0, set.Value.Count).Select(i => set.Value[i].ToPlusMinus()));
        Assert.All(Enumerable.Range(0, set.Value.Count), i => Assert.Equal(0, problem.Errors(set.Value[i])));
    }

    [Fact]
    public void Results_DoNotDependOnThreadCount()
    {
        Perceptron problem = Instance(27, 0.4, false, 31);
        var one = new SolutionEnumerator(problem, new SolutionEnumeratorOptions { Threads = 1 });
        var two = new SolutionEnumerator(problem, new SolutionEnumeratorOptions { Threads = 2 });

        EnumerationResult<SolutionSet> a = one.Solutions(), b = two.Solutions();

        Assert.Equal(a.Nodes, b.Nodes);
        Assert.True(a.Value.Packed.SequenceEqual(b.Value.Packed));
        Assert.Equal(a.Value.Count, one.Count().Value);
    }

    [Fact]
    public void VectorLanes_MatchTheirScalarTwin()
    {
        foreach ((int n, double alpha, ulong seed) in new[] { (23, 0.3, 81UL), (25, 0.6, 82UL), (21, 2.5, 83UL) })
        {
            Perceptron problem = Instance(n, alpha, seed == 83, seed);
            EnumerationResult<SolutionSet> vector = new SolutionEnumerator(problem).Solutions();
            EnumerationResult<SolutionSet> scalar = SolutionEnumerator.Scalar(problem).Solutions();
            Assert.Equal(vector.Nodes, scalar.Nodes);
            Assert.True(vector.Value.Packed.SequenceEqual(scalar.Value.Packed));
        }
    }

    [Fact]
    public void ForEach_VisitsTheSolutionsInOrder()
    {
        Perceptron problem = Instance(19, 0.5, false, 12);
        var enumerator = new SolutionEnumerator(problem);
        var visited = new List<string>();

        EnumerationResult<long> r = enumerator.ForEach(w => visited.Add(w.ToPlusMinus()));

        SolutionSet all = enumerator.Solutions().Value;
        Assert.Equal(all.Count, r.Value);
        Assert.Equal(Enumerable.Range(0, all.Count).Select(i => all[i].ToPlusMinus()), visited);
    }

    [Fact]
    public void CountByDistance_EqualsHistogramOfTheListedSolutions()
    {
        foreach (ulong seed in new ulong[] { 13, 14, 15 })
        {
            Perceptron problem = Instance(23, 0.3, seed == 15, seed);
            var enumerator = new SolutionEnumerator(problem);
            SolutionSet all = enumerator.Solutions().Value;
            SpinVector reference = seed == 15 ? problem.Teacher! : SpinVector.Random(23, new Rng(seed + 100));
            var expected = new long[24];
            for (int i = 0; i < all.Count; i++) expected[all[i].Hamming(reference)]++;

            long[] counted = enumerator.CountByDistance(reference).Value;

            Assert.Equal(expected, counted);
            Assert.Equal(expected, all.CountByDistance(reference));
        }
    }

    [Fact]
    public void Clusters_MatchNaiveComponentSearch()
    {
        foreach ((int n, double alpha, ulong seed) in new[] { (15, 0.5, 41UL), (17, 0.7, 42UL), (19, 0.8, 43UL), (13, 0.9, 44UL) })
        {
            SolutionSet set = new SolutionEnumerator(Instance(n, alpha, false, seed)).Solutions().Value;
            List<long> expected = NaiveComponentSizes([.. Enumerable.Range(0, set.Count).Select(i => set[i])]);

            ClusterSummary clusters = set.Clusters();

            Assert.Equal(expected.Count, clusters.Clusters);
            Assert.Equal(expected.DefaultIfEmpty(0).Max(), clusters.Largest);
            var histogram = expected.GroupBy(s => s).OrderByDescending(g => g.Key).Select(g => new ClusterSizeCount(g.Key, g.Count()));
            Assert.Equal(histogram, clusters.Sizes);
        }
    }

    /// <summary>O(S²) flood fill: two solutions are joined when they differ in exactly one synapse.</summary>
    private static List<long> NaiveComponentSizes(SpinVector[] solutions)
    {
        var seen = new bool[solutions.Length];
        var sizes = new List<long>();
        for (int start = 0; start < solutions.Length; start++)
        {
            if (seen[start]) continue;
            seen[start] = true;
            var stack = new Stack<int>([start]);
            long size = 0;
            while (stack.TryPop(out int i))
            {
                size++;
                for (int j = 0; j < solutions.Length; j++)
                {
                    if (seen[j] || solutions[i].Hamming(solutions[j]) != 1) continue;
                    seen[j] = true;
                    stack.Push(j);
                }
            }
            sizes.Add(size);
        }
        return sizes;
    }

    [Fact]
    public void Clusters_SplitWhenTheLoadGrows()
    {
        // At low load the solutions form one connected set; near capacity they fall apart.
        ClusterSummary easy = new SolutionEnumerator(Instance(21, 0.1, false, 51)).Solutions().Value.Clusters();
        ClusterSummary hard = new SolutionEnumerator(Instance(21, 0.8, false, 52)).Solutions().Value.Clusters();
        Assert.Equal(1, easy.Clusters);
        Assert.True(hard.Clusters > 1, $"{hard.Clusters} clusters at α = 0.8");
    }

    [Fact]
    public void Sample_DrawsDistinctSolutionsUniformly_AndRepeatsWithTheSeed()
    {
        Perceptron problem = Instance(13, 0.6, false, 61);
        var enumerator = new SolutionEnumerator(problem);
        SolutionSet all = enumerator.Solutions().Value;
        Assert.InRange(all.Count, 20, 400);

        IReadOnlyList<SpinVector> a = enumerator.Sample(5, new Rng(7)).Value!, b = enumerator.Sample(5, new Rng(7)).Value!;
        Assert.Equal(5, a.Distinct().Count());
        Assert.All(a, w => Assert.True(all.Contains(w)));
        Assert.Equal(a, b);
        Assert.Equal(all.Count, enumerator.Sample(all.Count + 3, new Rng(1)).Value!.Count);

        // Single draws hit every solution about equally often: chi-square with Count − 1 degrees of freedom.
        var hits = new Dictionary<SpinVector, int>();
        const int draws = 20_000;
        var rng = new Rng(8);
        for (int t = 0; t < draws; t++)
        {
            SpinVector w = enumerator.Sample(1, rng).Value![0];
            hits[w] = hits.GetValueOrDefault(w) + 1;
        }
        double expected = (double)draws / all.Count;
        double chi2 = Enumerable.Range(0, all.Count).Sum(i => Math.Pow(hits.GetValueOrDefault(all[i]) - expected, 2) / expected);
        int dof = all.Count - 1;
        Assert.True(chi2 < dof + 5 * Math.Sqrt(2.0 * dof), $"chi2 = {chi2} with {dof} degrees of freedom");
    }

    [Fact]
    public void TimeLimit_StopsCleanlyWithALowerBound()
    {
        var enumerator = new SolutionEnumerator(Instance(61, 0.2, false, 71), new SolutionEnumeratorOptions { TimeLimit = TimeSpan.FromMilliseconds(200) });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        EnumerationResult<long> r = enumerator.Count();

        Assert.Equal(EnumerationStop.TimeLimit, r.Stop);
        Assert.False(r.Complete);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Cancellation_IsReportedAsSuch()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        EnumerationResult<long> r = new SolutionEnumerator(Instance(41, 0.2, false, 72)).Count(null, cancel.Token);
        Assert.Equal(EnumerationStop.Cancelled, r.Stop);
    }

    [Fact]
    public void StoredSolutionLimit_StopsWithTooManySolutions()
    {
        var enumerator = new SolutionEnumerator(Instance(19, 0.2, false, 73), new SolutionEnumeratorOptions { MaxStoredSolutions = 10 });
        EnumerationResult<SolutionSet> r = enumerator.Solutions();
        Assert.Equal(EnumerationStop.TooManySolutions, r.Stop);
        Assert.Equal(0, r.Value.Count);
        Assert.Equal(enumerator.Count().Value, r.Solutions);
    }

    [Fact]
    public void TooLargeInstances_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new SolutionEnumerator(Instance(65, 0.5, false, 1)));
        Assert.Throws<ArgumentException>(() => new SolutionEnumerator(Instance(21, 13, true, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SolutionEnumerator(Instance(21, 0.5, false, 1), new SolutionEnumeratorOptions { Threads = 0 }));
    }
}
