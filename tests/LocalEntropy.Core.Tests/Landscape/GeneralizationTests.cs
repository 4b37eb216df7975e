using LocalEntropy.Landscape;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Core.Tests.Landscape;

public class GeneralizationTests
{
    /// <summary>Σ_i a_i b_i over plain ints.</summary>
    private static int Dot(sbyte[] a, sbyte[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static int Hamming(sbyte[] a, sbyte[] b) => a.Zip(b).Count(x => x.First != x.Second);

    /// <summary>The test patterns a <see cref="TestSet"/> drawn with <paramref name="seed"/> holds: same generator, same stream.</summary>
    private static (sbyte[] Input, int Label)[] Patterns(Perceptron instance, int count, ulong seed)
    {
        Perceptron drawn = PerceptronGenerator.TeacherStudent(instance.Teacher!, count, new Rng(seed));
        return [.. Enumerable.Range(0, count).Select(nu => (drawn.Input(nu).ToSpins(), drawn.Label(nu)))];
    }

    /// <summary>Every configuration with zero training errors, by trying all 2^N with plain int dot products.</summary>
    private static List<sbyte[]> AllSolutions(Perceptron p)
    {
        sbyte[][] rows = p.SignedRows();
        var solutions = new List<sbyte[]>();
        for (int code = 0; code < 1 << p.N; code++)
        {
            sbyte[] w = [.. Enumerable.Range(0, p.N).Select(i => (sbyte)((code >> i & 1) == 1 ? 1 : -1))];
            if (rows.All(x => Dot(w, x) > 0)) solutions.Add(w);
        }
        return solutions;
    }

    [Fact]
    public void TestSetError_OnTinyInstance_EqualsBruteForceCount()
    {
        Perceptron instance = PerceptronGenerator.TeacherStudent(11, 5, new Rng(1));
        var test = TestSet.Draw(instance, 300, new Rng(2));
        var patterns = Patterns(instance, 300, 2);
        var rng = new Rng(3);
        for (int k = 0; k < 20; k++)
        {
            SpinVector student = SpinVector.Random(11, rng);
            sbyte[] w = student.ToSpins();
            int wrong = patterns.Count(p => Math.Sign(Dot(w, p.Input)) != p.Label);
            Assert.Equal(wrong / 300.0, test.Error(student), 12);
        }
        Assert.Equal(0, test.Error(instance.Teacher!));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(11)]
    [InlineData(13)]
    public void StudentErrorExact_EqualsDisagreementOverEveryInput(int n)
    {
        var rng = new Rng((ulong)n);
        SpinVector teacher = SpinVector.Random(n, rng);
        for (int differing = 0; differing <= n; differing++)
        {
            SpinVector student = teacher.Clone();
            for (int i = 0; i < differing; i++) student.Flip(i);
            sbyte[] t = teacher.ToSpins(), s = student.ToSpins();
            int disagree = 0;
            for (int code = 0; code < 1 << n; code++)
            {
                sbyte[] xi = [.. Enumerable.Range(0, n).Select(i => (sbyte)((code >> i & 1) == 1 ? 1 : -1))];
                if (Math.Sign(Dot(t, xi)) != Math.Sign(Dot(s, xi))) disagree++;
            }
            Assert.Equal((double)disagree / (1 << n), StudentError.Exact(student, teacher), 12);
        }
    }

    [Fact]
    public void StudentErrorExact_AtLargeN_ApproachesArccos()
    {
        // At N = 10001 the ±1 inputs are Gaussian enough that the two agree to 1e-3 at every overlap.
        const int n = 10_001;
        foreach (int differing in new[] { 100, 1000, 2500, 5000, 7500, 9900 })
        {
            Assert.Equal(StudentError.Arccos(n, differing), StudentError.Exact(n, differing), 1e-3);
        }
        Assert.Equal(0, StudentError.Exact(n, 0));
        Assert.Equal(1, StudentError.Exact(n, n), 12);
    }

    [Fact]
    public void TestError_AtLargeN_ApproachesArccosOfOverlap()
    {
        // N = 1001, 20000 test patterns, a student at q = 0.5 (ε = 1/3): the test error's standard deviation is
        // √(ε(1 − ε)/T) = 0.0033, and the ±1 inputs move ε from arccos(q)/π by well under 0.002 at this N; 0.015 is
        // four and a half standard deviations.
        const int n = 1001;
        Perceptron instance = PerceptronGenerator.TeacherStudent(n, 10, new Rng(7));
        SpinVector student = instance.Teacher!;
        for (int i = 0; i < 250; i++) student.Flip(i);
        var test = TestSet.Draw(instance, 20_000, new Rng(8));
        StudentGeneralization g = test.Measure(student);
        Assert.Equal(0.5, g.Overlap, 3);
        Assert.Equal(g.ArccosError, g.TestError, 0.015);
        Assert.Equal(g.ArccosError, g.ExactError, 0.002);
    }

    /// <summary>
    /// Bayes, Gibbs and local votes recounted the obvious way: every solution found by trying all 2^N configurations,
    /// every vote a loop of int dot products, a tie half an error.
    /// </summary>
    [Theory]
    [InlineData(1UL, 4)]
    [InlineData(2UL, 8)]
    [InlineData(3UL, 12)]
    public void EnsembleVote_OnSmallInstance_EqualsNaiveRecount(ulong seed, int patterns)
    {
        const int n = 15, tests = 60;
        Perceptron instance = PerceptronGenerator.TeacherStudent(n, patterns, new Rng(seed));
        List<sbyte[]> solutions = AllSolutions(instance);
        var test = TestSet.Draw(instance, tests, new Rng(seed + 100));
        var data = Patterns(instance, tests, seed + 100);
        SpinVector centre = SpinVector.FromSpins(solutions[solutions.Count / 3]);
        double[] distances = [0.1, 0.25, 0.4];
        var options = new EnsembleVoteOptions { Distances = distances, Threads = 2 };

        EnsembleErrors e = EnsembleVote.Compute(Enumerate(instance), test, centre, options);

        double VoteError(IReadOnlyList<sbyte[]> voters) => NaiveVote(voters, data).Error;
        sbyte[] teacher = instance.Teacher!.ToSpins(), c = centre.ToSpins();
        double Exact(sbyte[] w) => StudentError.Exact(n, Hamming(w, teacher));
        double Arccos(sbyte[] w) => Math.Acos(Dot(w, teacher) / (double)n) / Math.PI;
        Assert.Equal(tests, e.TestPatterns);
        Assert.Equal(solutions.Count, e.Solutions);
        Assert.Equal(VoteError(solutions), e.Bayes, 12);
        Assert.Equal(solutions.Average(w => data.Average(p => Math.Sign(Dot(w, p.Input)) != p.Label ? 1.0 : 0)), e.Gibbs, 12);
        Assert.Equal(solutions.Average(Exact), e.GibbsExact, 12);
        Assert.Equal(solutions.Average(Arccos), e.GibbsArccos, 12);
        Assert.Equal(distances.Length, e.Local.Count);
        for (int k = 0; k < distances.Length; k++)
        {
            int r = (int)Math.Round(distances[k] * n, MidpointRounding.AwayFromZero);
            List<sbyte[]> near = [.. solutions.Where(w => Hamming(w, c) <= r)];
            Assert.Equal((distances[k], r, near.Count), (e.Local[k].Distance, e.Local[k].Radius, (int)e.Local[k].Voters));
            Assert.Equal(NaiveVote(near, data).Error, e.Local[k].Error, 12);
        }
    }

    /// <summary>The majority vote's test error, a tie counted as half an error, and the number of tied patterns.</summary>
    private static (double Error, int Ties) NaiveVote(IReadOnlyList<sbyte[]> voters, (sbyte[] Input, int Label)[] data)
    {
        double errors = 0;
        int ties = 0;
        foreach (var (input, label) in data)
        {
            int right = voters.Count(w => Math.Sign(Dot(w, input)) == label), wrong = voters.Count - right;
            if (right == wrong) ties++;
            errors += right > wrong ? 0 : right == wrong ? 0.5 : 1;
        }
        return (errors / data.Length, ties);
    }

    [Fact]
    public void EnsembleVote_TiedVotes_CountHalfAnError()
    {
        const int n = 15, tests = 200;
        Perceptron instance = PerceptronGenerator.TeacherStudent(n, 5, new Rng(5));
        List<sbyte[]> solutions = AllSolutions(instance);
        SolutionSet all = Enumerate(instance);
        var test = TestSet.Draw(instance, tests, new Rng(6));
        var data = Patterns(instance, tests, 6);
        // The first centre whose radius-1 neighbourhood holds an even number of solutions that tie on some pattern.
        var options = new EnsembleVoteOptions { Distances = [1.0 / n] };
        foreach (sbyte[] c in solutions)
        {
            List<sbyte[]> near = [.. solutions.Where(w => Hamming(w, c) <= 1)];
            (double error, int ties) = NaiveVote(near, data);
            if (ties == 0) continue;
            LocalVote vote = EnsembleVote.Compute(all, test, SpinVector.FromSpins(c), options).Local[0];
            Assert.Equal(near.Count, vote.Voters);
            Assert.Equal(error, vote.Error, 12);
            return;
        }
        Assert.Fail("no tied local vote on this instance");
    }

    [Fact]
    public void EnsembleVote_RadiusZero_IsTheCentresOwnTestError()
    {
        Perceptron instance = PerceptronGenerator.TeacherStudent(15, 3, new Rng(5));
        SolutionSet all = Enumerate(instance);
        var test = TestSet.Draw(instance, 200, new Rng(6));
        SpinVector centre = all[0];
        LocalVote alone = EnsembleVote.Compute(all, test, centre, new EnsembleVoteOptions { Distances = [0] }).Local[0];
        Assert.Equal(1, alone.Voters);
        Assert.Equal(test.Error(centre), alone.Error, 12);
    }

    [Fact]
    public void EnsembleVote_DoesNotDependOnTheThreadCount()
    {
        Perceptron instance = PerceptronGenerator.TeacherStudent(21, 9, new Rng(11));
        SolutionSet all = Enumerate(instance);
        var test = TestSet.Draw(instance, 500, new Rng(12));
        SpinVector centre = all[all.Count / 2];
        EnsembleErrors Run(int threads) => EnsembleVote.Compute(all, test, centre, new EnsembleVoteOptions { Threads = threads });
        EnsembleErrors one = Run(1);
        foreach (int threads in new[] { 2, 3, 8 })
        {
            EnsembleErrors other = Run(threads);
            Assert.Equal(one with { Local = [] }, other with { Local = [] });
            Assert.Equal(one.Local, other.Local);
        }
    }

    [Fact]
    public void EnsembleVote_WithoutCentre_HasNoLocalVotes()
    {
        Perceptron instance = PerceptronGenerator.TeacherStudent(13, 6, new Rng(4));
        EnsembleErrors e = EnsembleVote.Compute(Enumerate(instance), TestSet.Draw(instance, 100, new Rng(5)));
        Assert.Empty(e.Local);
        Assert.InRange(e.Bayes, 0, 1);
    }

    [Fact]
    public void BadArguments_Throw()
    {
        Perceptron even = PerceptronGenerator.TeacherStudent(12, 4, new Rng(1));
        Assert.Throws<ArgumentException>(() => TestSet.Draw(even, 10, new Rng(2)));
        Perceptron random = PerceptronGenerator.Random(11, 4, new Rng(1));
        Assert.Throws<ArgumentException>(() => TestSet.Draw(random, 10, new Rng(2)));
        Assert.Throws<ArgumentException>(() => StudentError.Exact(10, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentError.Exact(11, 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnsembleVoteOptions { Distances = [1.5] }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnsembleVoteOptions { Threads = 0 }.Validate());
        Perceptron small = PerceptronGenerator.TeacherStudent(11, 4, new Rng(1));
        Perceptron other = PerceptronGenerator.TeacherStudent(13, 4, new Rng(1));
        Assert.Throws<ArgumentException>(() => EnsembleVote.Compute(Enumerate(small), TestSet.Draw(other, 10, new Rng(2))));
    }

    private static SolutionSet Enumerate(Perceptron p)
    {
        EnumerationResult<SolutionSet> all = new SolutionEnumerator(p).Solutions();
        Assert.True(all.Complete);
        return all.Value;
    }
}
