using LocalEntropy.Theory;

namespace LocalEntropy.Core.Tests.Theory;

public class BinaryPerceptronEntropyTests
{
    [Fact]
    public void ZeroEntropyAlpha_IsTheKrauthMezardCapacity()
    {
        CriticalLoad load = BinaryPerceptronEntropy.ZeroEntropyAlpha();
        Assert.True(load.Found, load.Failure);
        Assert.Equal(0.833, load.Alpha, 0.002);
    }

    [Fact]
    public void Solve_VanishingLoad_EntropyTendsToLn2()
    {
        PerceptronEntropyPoint p = BinaryPerceptronEntropy.Solve(1e-6);
        Assert.True(p.Converged);
        Assert.Equal(Math.Log(2), p.Entropy, 1e-5);
        Assert.Equal(0, p.Q, 1e-5);
    }

    [Theory]
    [InlineData(0.3, 0.191)]
    [InlineData(0.5, 0.322)]
    [InlineData(0.6, 0.391)]
    public void Solve_Overlap_MatchesMessagePassingMeasurement(double alpha, double measured) =>
        Assert.Equal(measured, BinaryPerceptronEntropy.Solve(alpha).Q, 0.003);

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    public void Solve_MatchesIndependentTrapezoidEvaluation(double alpha)
    {
        PerceptronEntropyPoint p = BinaryPerceptronEntropy.Solve(alpha);
        (double entropy, double q, double qHat) = ReferenceReplica.RandomLabels(alpha);
        Assert.True(p.Converged);
        // The reference stops its iteration at steps of 1e-11 and differentiates numerically: agreement to ~1e-10.
        Assert.Equal(entropy, p.Entropy, 1e-9);
        Assert.Equal(q, p.Q, 1e-9);
        Assert.Equal(qHat, p.QHat, 1e-9);
    }

    [Fact]
    public void Solve_BudgetOfOne_ReportsNotConvergedWithoutNumbers()
    {
        PerceptronEntropyPoint p = BinaryPerceptronEntropy.Solve(0.5, new SaddlePointOptions { MaxIterations = 1 });
        Assert.False(p.Converged);
        Assert.Equal(SaddlePointStop.MaxIterations, p.Saddle.StopReason);
        Assert.True(double.IsNaN(p.Entropy) && double.IsNaN(p.Q) && double.IsNaN(p.QHat));
    }

    [Fact]
    public void ZeroEntropyAlpha_SaddleThatDoesNotConverge_IsNotFoundAndNamesTheLoad()
    {
        CriticalLoad load = BinaryPerceptronEntropy.ZeroEntropyAlpha(new SaddlePointOptions { MaxIterations = 2 });
        Assert.False(load.Found);
        Assert.True(double.IsNaN(load.Alpha));
        Assert.Contains("α = 0.5", load.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Solve_LoadNotPositive_Throws(double alpha) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryPerceptronEntropy.Solve(alpha));
}
