using LocalEntropy.Core.Tests.Statistical;
using LocalEntropy.Landscape;
using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests.Landscape;

public class ExactLocalEntropyTests
{
    [Fact]
    public void FromCounts_IsLogCountPerSynapse_SkippingEmptyDistances()
    {
        IReadOnlyList<ExactLocalEntropyPoint> curve = ExactLocalEntropy.FromCounts([1, 0, 6, 4, 1]);
        Assert.Equal([0, 2, 3, 4], curve.Select(p => p.Hamming));
        Assert.Equal(0.5, curve[1].Distance);
        Assert.Equal(Math.Log(6) / 4, curve[1].Entropy, 14);
        Assert.Equal(0.0, curve[0].Entropy);
    }

    [Fact]
    public void AtZeroLoad_EveryConfigurationCounts_SoTheCurveIsTheBinomial()
    {
        // A pattern every configuration but one satisfies: N_d is C(N, d) except at the one violating configuration.
        const int n = 9;
        var allPlus = SpinVector.FromSpins([.. Enumerable.Repeat((sbyte)1, n)]);
        var problem = new Perceptron([allPlus], [1]);
        var reference = SpinVector.FromSpins([.. Enumerable.Repeat((sbyte)1, n)]);
        long[] counts = new SolutionEnumerator(problem).CountByDistance(reference).Value;
        long[][] binomials = SolutionEnumerator.Binomials(n);
        // W·x > 0 needs fewer than N/2 weights flipped away from all +1.
        for (int d = 0; d <= n; d++) Assert.Equal(d < n / 2.0 ? binomials[n][d] : 0, counts[d]);
    }

    /// <summary>Solutions within Hamming distance 1 … r of <paramref name="w"/>: the exact local entropy's small-d mass.</summary>
    private static long Nearby(SolutionEnumerator enumerator, SpinVector w, int r) =>
        enumerator.CountByDistance(w).Value.Skip(1).Take(r).Sum();

    /// <summary>
    /// The seeds' picture at a size where it can be counted: the solutions focusing BP and replicated SGD find have more
    /// solutions close by than the teacher (a typical, isolated solution) and than uniformly drawn solutions on average.
    /// Teacher-student instances N = 27, α ≈ 0.52 (P = 14); solutions within distance 3 counted exactly. On seeds
    /// 1–16 the dense solutions had 1.5–12 times more neighbours than the larger of the two.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void DenseSolutions_HaveMoreSolutionsNearby_ThanTeacherAndSampledSolutions()
    {
        const int n = 27, radius = 3, draws = 10;
        for (ulong seed = 1; seed <= (ulong)SlowTests.Instances(4, 2); seed++)
        {
            Perceptron problem = PerceptronGenerator.TeacherStudent(n, PerceptronGenerator.PatternCount(n, 0.52), new Rng(seed).Fork(0));
            var enumerator = new SolutionEnumerator(problem);
            long teacher = Nearby(enumerator, problem.Teacher!, radius);
            double sampled = enumerator.Sample(draws, new Rng(seed).Fork(2)).Value!.Average(w => Nearby(enumerator, w, radius));
            ISolver<Perceptron>[] dense = [new FocusingBeliefPropagation(new FocusingBeliefPropagationOptions()), new ReplicatedSgd(new ReplicatedSgdOptions())];
            foreach (ISolver<Perceptron> solver in dense)
            {
                SolveResult r = solver.Solve(problem, new Rng(seed).Fork(1));
                Assert.True(r.Solved);
                long nearby = Nearby(enumerator, r.Best, radius);
                Assert.True(nearby > teacher, $"seed {seed}: {solver.Name} {nearby} vs teacher {teacher} solutions within {radius}");
                Assert.True(nearby > sampled, $"seed {seed}: {solver.Name} {nearby} vs sampled {sampled} solutions within {radius}");
            }
        }
    }
}
