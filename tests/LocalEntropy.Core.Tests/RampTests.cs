using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Core.Tests;

public class RampTests
{
    [Fact]
    public void Geometric_HitsEndsAndMidpointIsGeometricMean()
    {
        var r = Ramp.Geometric(0.02, 2.0);
        Assert.Equal(0.02, r.At(0), 12);
        Assert.Equal(2.0, r.At(1), 12);
        Assert.Equal(0.2, r.At(0.5), 12);
        Assert.Equal(0.02 * Math.Pow(100, 0.25), r.At(0.25), 12);
    }

    [Fact]
    public void At_ClampsOutsideUnitInterval()
    {
        var r = Ramp.Geometric(0.02, 2.0);
        Assert.Equal(2.0, r.At(7), 12);
        Assert.Equal(0.02, r.At(-1), 12);
        Assert.Equal(1.0, Ramp.Linear(1, 2).At(-3), 12);
    }

    [Fact]
    public void Linear_AndConstant()
    {
        Assert.Equal(1.5, Ramp.Linear(1, 2).At(0.5), 12);
        Assert.Equal(1.75, Ramp.Linear(2, 1).At(0.25), 12);
        Assert.Equal(3.0, Ramp.Constant(3).At(0.8), 12);
    }

    [Theory]
    [InlineData(0.0, 1.0, RampShape.Geometric)]
    [InlineData(1.0, 0.0, RampShape.Geometric)]
    [InlineData(-1.0, 1.0, RampShape.Geometric)]
    [InlineData(double.NaN, 1.0, RampShape.Linear)]
    [InlineData(1.0, double.PositiveInfinity, RampShape.Linear)]
    public void Validate_RejectsUnusableRamps(double start, double end, RampShape shape)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Ramp(start, end, shape).Validate("Beta"));
        Assert.Equal("Beta", e.ParamName);
    }

    [Fact]
    public void Validate_AcceptsLinearThroughZero() => Ramp.Linear(-1, 1).Validate("Gamma");

    [Theory]
    [InlineData("geometric:0.02:2", 0.02, 2.0, RampShape.Geometric)]
    [InlineData("Linear: -1 : 1", -1.0, 1.0, RampShape.Linear)]
    [InlineData("0.5", 0.5, 0.5, RampShape.Linear)]
    public void Parse_TextForms_GiveTheRamp(string text, double start, double end, RampShape shape) =>
        Assert.Equal(new Ramp(start, end, shape), Ramp.Parse(text, null));

    [Theory]
    [InlineData("")]
    [InlineData("0:1:2")]
    [InlineData("geometric:0.1")]
    [InlineData("cubic:0:1")]
    [InlineData("linear:a:1")]
    public void TryParse_Malformed_IsFalse(string text) => Assert.False(Ramp.TryParse(text, null, out _));

    [Fact]
    public void MoveEnergyAndProtocol_ParseTheirNames()
    {
        Assert.Equal(MoveEnergy.Hinge(3), MoveEnergy.Parse("hinge:3", null));
        Assert.Same(MoveEnergy.Errors, MoveEnergy.Parse("errors", null));
        Assert.False(MoveEnergy.TryParse("hinge:-1", null, out _));
        Assert.All(FocusingProtocol.Names, n => Assert.Equal(n, FocusingProtocol.Parse(n, null).Name));
        Assert.Throws<FormatException>(() => FocusingProtocol.Parse("focusing", null));
    }
}
