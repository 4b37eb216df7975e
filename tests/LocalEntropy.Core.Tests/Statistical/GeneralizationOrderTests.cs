using System.Collections.Concurrent;
using System.Globalization;
using LocalEntropy.Landscape;
using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests.Statistical;

/// <summary>
/// The seed's claims on generalization (docs/results.md, "Generalization and Bayesian prediction"), on exact solution
/// sets of teacher-student instances at N = 31: the instance from stream 0 of its seed, focusing BP from stream 1, the
/// test patterns from stream 3, as on the command line.
/// </summary>
[Trait("Category", "Slow")]
public class GeneralizationOrderTests
{
    private const int N = 31, TestPatterns = 2000;

    private sealed record Measured(double Fbp, double GibbsExact, double Gibbs, double Bayes, double Local);

    /// <summary>Both tests of a load share one measurement.</summary>
    private static readonly ConcurrentDictionary<double, Lazy<List<Measured>>> Cache = new();

    private static List<Measured> Measure(double alpha) =>
        Cache.GetOrAdd(alpha, a => new Lazy<List<Measured>>(() => Measure(a, SlowTests.Instances(8, 3)))).Value;

    private static List<Measured> Measure(double alpha, int instances)
    {
        var fbp = new FocusingBeliefPropagation(new FocusingBeliefPropagationOptions());
        var rows = new List<Measured>();
        for (ulong seed = 1; seed <= (ulong)instances; seed++)
        {
            Perceptron p = PerceptronGenerator.TeacherStudent(N, PerceptronGenerator.PatternCount(N, alpha), new Rng(seed).Fork(0));
            SolveResult dense = fbp.Solve(p, new Rng(seed).Fork(1));
            Assert.True(dense.Solved, $"fbp did not solve seed {seed} at α = {alpha}");
            var test = TestSet.Draw(p, TestPatterns, new Rng(seed).Fork(3));
            SolutionSet all = new SolutionEnumerator(p).Solutions().Value;
            EnsembleErrors e = EnsembleVote.Compute(all, test, dense.Best, new EnsembleVoteOptions { Distances = [0.2] });
            rows.Add(new Measured(test.Measure(dense.Best).ExactError, e.GibbsExact, e.Gibbs, e.Bayes, e.Local[0].Error));
        }
        return rows;
    }

    private static string Describe(List<Measured> rows) => string.Join("; ", rows.Select(r =>
        string.Create(CultureInfo.InvariantCulture, $"fbp {r.Fbp:F3} gibbs {r.GibbsExact:F3} bayes {r.Bayes:F3} local {r.Local:F3}")));

    /// <summary>
    /// At α = 0.5 and 0.7 focusing BP's solution generalizes better than a typical solution: its exact error is below
    /// the Gibbs error (the mean over all solutions) on average over the instances, by at least 0.02 (measured: 0.06 at
    /// both loads over 8 instances; 0.03 and 0.05 over the first 3, the reduced form). Not on every instance: at
    /// α = 0.5 seed 1 it is 0.009 above.
    /// </summary>
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.7)]
    public void FocusingBpSolution_GeneralizesBetterThanGibbs(double alpha)
    {
        List<Measured> rows = Measure(alpha);
        Assert.True(rows.Average(r => r.Fbp) < rows.Average(r => r.GibbsExact) - 0.02, Describe(rows));
    }

    /// <summary>
    /// The vote of the solutions within d = 0.2 (r = 6) of focusing BP's solution comes closer to the Bayes vote of all
    /// solutions than Gibbs learning does, on every instance, and on average it closes at least half of the gap (measured:
    /// 90 % and more); the Bayes vote beats Gibbs on every instance. The local vote can even beat the Bayes vote on one
    /// instance and test set (Bayes is optimal on average over instances), hence the absolute difference.
    /// </summary>
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.7)]
    public void LocalVoteAroundDenseSolution_ApproachesBayes(double alpha)
    {
        List<Measured> rows = Measure(alpha);
        foreach (Measured r in rows)
        {
            Assert.True(r.Bayes <= r.Gibbs, Describe(rows));
            Assert.True(Math.Abs(r.Local - r.Bayes) < r.Gibbs - r.Bayes, Describe(rows));
        }
        Assert.True(rows.Average(r => r.Local - r.Bayes) < 0.5 * rows.Average(r => r.Gibbs - r.Bayes), Describe(rows));
    }
}
