using LocalEntropy.Problems;

namespace LocalEntropy.Core.Tests;

public class FieldEnergyTests
{
    public static TheoryData<MoveEnergy> Energies =>
        [MoveEnergy.Errors, MoveEnergy.Hinge(0), MoveEnergy.Hinge(1), MoveEnergy.Hinge(2), MoveEnergy.Hinge(4), MoveEnergy.Hinge(7)];

    /// <summary>The per-pattern energy straight from its definition (ALGORITHMS.md §1.1), not from FieldEnergy.</summary>
    private static int Definition(MoveEnergy energy, int h) =>
        energy.Kind == MoveEnergyKind.Errors ? (h <= 0 ? 1 : 0) : Math.Max(0, energy.Margin - h);

    private static int LevelSum(FieldEnergy e, int[] coefficients, int h)
    {
        int sum = 0;
        for (int i = 0; i < e.Thresholds.Length; i++)
        {
            if (h <= e.Thresholds[i]) sum += coefficients[i];
        }
        return sum;
    }

    [Theory]
    [MemberData(nameof(Energies))]
    public void Value_MatchesDefinition(MoveEnergy energy)
    {
        var e = FieldEnergy.For(energy);
        for (int h = -30; h <= 30; h++) Assert.Equal(Definition(energy, h), e.Value(h));
    }

    [Theory]
    [MemberData(nameof(Energies))]
    public void DecCoefficients_SumOverLevelSets_EqualsDecrementDifference(MoveEnergy energy)
    {
        var e = FieldEnergy.For(energy);
        for (int h = -30; h <= 30; h++)
        {
            int dec = e.Value(h - 2) - e.Value(h);
            Assert.True(dec == LevelSum(e, e.DecCoefficients, h), $"{energy}, h = {h}: dec = {dec}, level sets give {LevelSum(e, e.DecCoefficients, h)}");
        }
    }

    [Theory]
    [MemberData(nameof(Energies))]
    public void DiffCoefficients_SumOverLevelSets_EqualsIncMinusDec(MoveEnergy energy)
    {
        var e = FieldEnergy.For(energy);
        for (int h = -30; h <= 30; h++)
        {
            int diff = e.Value(h + 2) - e.Value(h - 2);
            Assert.True(diff == LevelSum(e, e.DiffCoefficients, h), $"{energy}, h = {h}: inc − dec = {diff}, level sets give {LevelSum(e, e.DiffCoefficients, h)}");
        }
    }

    [Theory]
    [MemberData(nameof(Energies))]
    public void Thresholds_AreSortedDistinct_ContainZero_AndErrorLevelPointsAtIt(MoveEnergy energy)
    {
        var e = FieldEnergy.For(energy);
        Assert.Equal(e.Thresholds.Order().Distinct(), e.Thresholds);
        Assert.Contains(0, e.Thresholds);
        Assert.Equal(0, e.Thresholds[e.ErrorLevel]);
        Assert.Equal(e.Thresholds.Length, e.DecCoefficients.Length);
        Assert.Equal(e.Thresholds.Length, e.DiffCoefficients.Length);
    }

    [Theory]
    [MemberData(nameof(Energies))]
    public void ParityDecomposition_MatchesFiniteDifferencesOnFieldsOfThatParity(MoveEnergy energy)
    {
        foreach (int parity in new[] { 0, 1 })
        {
            var e = FieldEnergy.For(energy, parity);
            for (int h = parity - 30; h <= 31; h += 2)
            {
                Assert.Equal(Definition(energy, h), e.Value(h));
                Assert.Equal(e.Value(h - 2) - e.Value(h), LevelSum(e, e.DecCoefficients, h));
                Assert.Equal(e.Value(h + 2) - e.Value(h - 2), LevelSum(e, e.DiffCoefficients, h));
                // The error level set is exactly the violated patterns.
                Assert.Equal(h <= 0, h <= e.Thresholds[e.ErrorLevel]);
            }
            Assert.Equal(e.Thresholds.Order().Distinct(), e.Thresholds);
            Assert.True(e.Thresholds.Length <= FieldEnergy.For(energy).Thresholds.Length);
            Assert.All(e.Thresholds, t => Assert.Equal(parity, t & 1));
        }
    }

    [Fact]
    public void MoveEnergy_Validate_RejectsNegativeMarginAndMarginOnErrors()
    {
        Assert.Equal("Margin", Assert.Throws<ArgumentOutOfRangeException>(() => MoveEnergy.Hinge(-1).Validate()).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MoveEnergy(MoveEnergyKind.Errors, 2).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => FieldEnergy.For(MoveEnergy.Hinge(-3)));
    }
}
