using LocalEntropy.Theory;

namespace LocalEntropy.Core.Tests.Theory;

public class SaddlePointTests
{
    [Fact]
    public void Iterate_Cosine_ConvergesToItsFixedPoint()
    {
        SaddlePointResult r = SaddlePoint.Iterate(Math.Cos, 0);
        Assert.True(r.Converged);
        Assert.Equal(0.7390851332151607, r.Value, 1e-11);
    }

    [Fact]
    public void Iterate_OvershootingMap_ConvergesOnlyWithDamping()
    {
        // x ← 1 − 2x has slope −2 at its fixed point 1/3: the plain iteration oscillates away, damping 0.7 makes the slope 0.1.
        static double Map(double x) => 1 - 2 * x;
        SaddlePointResult plain = SaddlePoint.Iterate(Map, 0, new SaddlePointOptions { MaxIterations = 100 });
        SaddlePointResult damped = SaddlePoint.Iterate(Map, 0, new SaddlePointOptions { Damping = 0.7 });
        Assert.Equal(SaddlePointStop.MaxIterations, plain.StopReason);
        Assert.True(double.IsNaN(plain.Value));
        Assert.True(damped.Converged);
        Assert.Equal(1.0 / 3, damped.Value, 1e-12);
    }

    [Fact]
    public void Iterate_BudgetOfOne_ReportsMaxIterationsWithoutAValue()
    {
        SaddlePointResult r = SaddlePoint.Iterate(Math.Cos, 0, new SaddlePointOptions { MaxIterations = 1 });
        Assert.False(r.Converged);
        Assert.Equal(SaddlePointStop.MaxIterations, r.StopReason);
        Assert.Equal(1, r.Iterations);
        Assert.True(double.IsNaN(r.Value));
        Assert.Equal(1, r.LastIterate);
        Assert.Contains("MaxIterations after 1 iterations", r.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Iterate_MapReturnsNaN_StopsAsNonFinite()
    {
        SaddlePointResult r = SaddlePoint.Iterate(x => x > 0.5 ? double.NaN : x + 0.3, 0);
        Assert.Equal(SaddlePointStop.NonFinite, r.StopReason);
        Assert.Equal(3, r.Iterations);
        Assert.Equal(0.6, r.LastIterate, 1e-15);
    }

    [Theory]
    [InlineData(0, 10, 0)]
    [InlineData(1e-12, 0, 0)]
    [InlineData(1e-12, 10, 1)]
    [InlineData(1e-12, 10, -0.1)]
    [InlineData(double.NaN, 10, 0)]
    public void Options_OutOfRange_Throw(double tolerance, int maxIterations, double damping) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new SaddlePointOptions { Tolerance = tolerance, MaxIterations = maxIterations, Damping = damping }.Validate());
}
