using LocalEntropy.Theory;

namespace LocalEntropy.Core.Tests.Theory;

public class GardnerCapacityTests
{
    [Fact]
    public void AlphaC_ZeroMargin_IsTwo()
    {
        Assert.Equal(2, GardnerCapacity.AlphaC(0), 1e-12);
        Assert.Equal(2, GardnerCapacity.AlphaCByIntegral(0), 1e-12);
    }

    [Theory]
    [InlineData(-3)]
    [InlineData(-1.5)]
    [InlineData(-0.5)]
    [InlineData(0.5)]
    [InlineData(1)]
    [InlineData(2.5)]
    public void AlphaC_ClosedForm_EqualsIntegralForm(double kappa)
    {
        double closed = GardnerCapacity.AlphaC(kappa);
        Assert.Equal(closed, GardnerCapacity.AlphaCByIntegral(kappa), closed * 1e-10);
    }

    [Fact]
    public void AlphaC_LargeMargin_TendsToOneOverOnePlusKappaSquared() =>
        Assert.Equal(1.0 / 101, GardnerCapacity.AlphaC(10), 1e-15);

    [Fact]
    public void AlphaC_DecreasesWithMargin()
    {
        double[] values = [.. new[] { -2.0, -1, 0, 1, 2 }.Select(GardnerCapacity.AlphaC)];
        Assert.True(values.Zip(values.Skip(1)).All(p => p.First > p.Second));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(-10.5)]
    public void AlphaC_MarginOutsideDomain_Throws(double kappa)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GardnerCapacity.AlphaC(kappa));
        Assert.Throws<ArgumentOutOfRangeException>(() => GardnerCapacity.AlphaCByIntegral(kappa));
    }
}
