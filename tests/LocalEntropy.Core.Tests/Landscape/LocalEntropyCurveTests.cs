using LocalEntropy.Solvers;
using LocalEntropy.Landscape;
using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Core.Tests.Landscape;

public class LocalEntropyCurveTests
{
    private const int N = 301;
    private const double Alpha = 0.6;

    /// <summary>S(d)/H(d) at the curve point nearest to <paramref name="d"/> within [lo, hi], or null if none.</summary>
    private static double? RatioNear(IReadOnlyList<LocalEntropyPoint> curve, double lo, double hi) =>
        curve.Where(p => p.Distance >= lo && p.Distance <= hi)
             .Select(p => (double?)(p.Entropy / LocalEntropyCurve.UpperBound(p.Distance)))
             .FirstOrDefault();

    [Fact]
    public void DenseSolutionFromFbp_StaysCloseToBound_TeacherFallsFarBelow()
    {
        double[] grid = LocalEntropyCurve.GammaGrid(4, 0.2, 16);
        Perceptron random = PerceptronGenerator.Random(N, PerceptronGenerator.PatternCount(N, Alpha), new Rng(1));
        var fbp = new FocusingBeliefPropagation(new FocusingBeliefPropagationOptions()).Solve(random, new Rng(2));
        Assert.True(fbp.Solved);
        IReadOnlyList<LocalEntropyPoint> dense = LocalEntropyCurve.Compute(random, fbp.Best, grid);

        Perceptron planted = PerceptronGenerator.TeacherStudent(N, PerceptronGenerator.PatternCount(N, Alpha), new Rng(3));
        IReadOnlyList<LocalEntropyPoint> isolated = LocalEntropyCurve.Compute(planted, planted.Teacher!, grid);

        Assert.All(dense, p => Assert.True(p.Converged));
        // Around the fBP solution, at d ≈ 0.02 most of the α = 0 entropy is still there...
        double? denseRatio = RatioNear(dense, 0.012, 0.03);
        Assert.NotNull(denseRatio);
        Assert.True(denseRatio > 0.55, $"dense S/H = {denseRatio}");
        // ...while around the teacher BP finds (almost) nothing in the same window: either no point at all (the
        // curve jumps over it) or a small fraction of the bound.
        double? isolatedRatio = RatioNear(isolated, 0.005, 0.03);
        Assert.True(isolatedRatio is null || isolatedRatio < 0.35, $"teacher S/H = {isolatedRatio}");
        Assert.Contains(isolated, p => p.Distance < 1e-3 && Math.Abs(p.Entropy) < 1e-3);
    }

    [Fact]
    public void LargeCoupling_PinsTheReference_AndEntropyStaysBelowBound()
    {
        Perceptron problem = PerceptronGenerator.TeacherStudent(201, 60, new Rng(4));
        IReadOnlyList<LocalEntropyPoint> curve = LocalEntropyCurve.Compute(problem, problem.Teacher!, [6.0, 1.0, 0.3]);
        Assert.True(curve[0].Distance < 1e-3);
        Assert.True(curve[0].Overlap > 0.998);
        // The Bethe estimate may overshoot the bound by round-off-sized amounts where d is ~1e-7.
        Assert.All(curve, p => Assert.True(p.Entropy <= LocalEntropyCurve.UpperBound(p.Distance) + 1e-5));
        Assert.True(curve[2].Distance > curve[1].Distance);
    }

    [Fact]
    public void Committee_AroundFbpSolution_HasSolutionsNearbyAndStaysBelowBound()
    {
        CommitteeMachine c = CommitteeGenerator.Random(101, 3, 61, false, new Rng(6));
        SolveResult solved = new FocusingBeliefPropagation(new FocusingBeliefPropagationOptions()).Solve(c, new Rng(7));
        Assert.True(solved.Solved);

        IReadOnlyList<LocalEntropyPoint> curve = LocalEntropyCurve.Compute(c, solved.Best, [3.0, 1.5, 0.8]);

        Assert.All(curve, p => Assert.True(p.Entropy <= LocalEntropyCurve.UpperBound(p.Distance) + 1e-5, $"S({p.Distance}) = {p.Entropy}"));
        Assert.True(curve[1].Distance > 0.005 && curve[1].Entropy > 0.3 * LocalEntropyCurve.UpperBound(curve[1].Distance),
            $"d = {curve[1].Distance}, S = {curve[1].Entropy}");
        Assert.True(curve[2].Distance > curve[0].Distance);
        Assert.Throws<ArgumentException>(() => LocalEntropyCurve.Compute(c, new SpinVector(101), [1.0]));
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.69314718055994530942)]
    [InlineData(0.1, 0.32508297339144826)]
    public void UpperBound_IsBinaryEntropy(double d, double h) => Assert.Equal(h, LocalEntropyCurve.UpperBound(d), 12);

    [Fact]
    public void GammaGrid_IsGeometricAndValidated()
    {
        double[] g = LocalEntropyCurve.GammaGrid(4, 0.25, 3);
        Assert.Equal([4.0, 1.0, 0.25], g.Select(x => Math.Round(x, 12)));
        Assert.Throws<ArgumentOutOfRangeException>(() => LocalEntropyCurve.GammaGrid(1, 2, 3));
        Assert.Throws<ArgumentException>(() => LocalEntropyCurve.Compute(PerceptronGenerator.Random(11, 3, new Rng(1)), new SpinVector(12), [1.0]));
    }
}
