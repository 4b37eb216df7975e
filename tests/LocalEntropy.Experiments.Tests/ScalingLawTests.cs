namespace LocalEntropy.Experiments.Tests;

public class ScalingLawTests
{
    [Fact]
    public void PowerLawFit_PointsOnAPowerLaw_GiveBackItsExponentAndPrefactorWithNoError()
    {
        (double, double)[] points = [.. new[] { 501.0, 1001, 2001, 4001, 8001 }.Select(n => (n, 3e-5 * Math.Pow(n, 1.75)))];

        PowerLawFit fit = PowerLawFit.Of(points)!;

        Assert.Equal(1.75, fit.Exponent, 12);
        Assert.Equal(0, fit.StandardError, 10);
        Assert.Equal(3e-5, fit.Prefactor, 15);
        Assert.Equal(5, fit.Points);
        Assert.Equal(3e-5 * Math.Pow(16001, 1.75), fit.At(16001), 6);
    }

    [Fact]
    public void PowerLawFit_NoisyPoints_MatchTheHandComputedLeastSquares()
    {
        // log10 x = 1, 2, 3 and log10 y = 0, 1, 3: mean log x = 2, mean log y = 4/3, Sxx = 2, Sxy = 3, so b = 3/2 and
        // log10 c = 4/3 − 3 = −5/3; residuals 1/6, −1/3, 1/6 sum to squares 1/6 over n − 2 = 1 degree of freedom, so
        // s.e.(b) = √(1/6 / 2) = √(1/12). Exponent and standard error are the same in any base of logarithm.
        PowerLawFit fit = PowerLawFit.Of([(10, 1), (100, 10), (1000, 1000)])!;

        Assert.Equal(1.5, fit.Exponent, 12);
        Assert.Equal(Math.Sqrt(1.0 / 12), fit.StandardError, 12);
        Assert.Equal(Math.Pow(10, -5.0 / 3), fit.Prefactor, 12);
    }

    [Fact]
    public void PowerLawFit_FewerThanThreePoints_IsNoFit()
    {
        Assert.Null(PowerLawFit.Of([(10, 1), (100, 10)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PowerLawFit.Of([(10, 1), (100, 0), (1000, 5)]));
        Assert.Throws<ArgumentException>(() => PowerLawFit.Of([(10, 1), (10, 2), (10, 3)]));
    }

    [Fact]
    public void Of_SolvedRunsOnAPowerLaw_FitTimeAndIterationsOverEverySize()
    {
        // Seeds differ by a factor around the median, which lies on t = 10⁻⁶ N² and iterations = 5 N.
        StoredRun[] runs =
        [
            .. new[] { 101, 201, 401, 801 }.SelectMany(n => new[] { 0.5, 1, 2 }.Select(f =>
                ReportTests.Run("rmc", 0.6, true, seconds: 1e-6 * n * n * f, n: n, iterations: (long)Math.Round(5 * n * f)))),
        ];

        ScalingLaw law = Assert.Single(ScalingLaw.Of(Assert.Single(ReportSection.Of(runs, ["rmc"]))));

        Assert.Equal(("rmc", 0.6), (law.Series, law.Alpha));
        Assert.Equal([101, 201, 401, 801], law.UsableSizes);
        Assert.Equal([101, 201, 401, 801], law.Time.Sizes);
        Assert.Equal(2, law.Time.Law!.Exponent, 9);
        Assert.Equal(1, law.Iterations.Law!.Exponent, 9);
        Assert.Equal(0, law.Iterations.Law.StandardError, 9);
    }

    [Fact]
    public void Of_SizesWhereFewerThanHalfSolved_AreLeftOutAndTooFewLeftSaysWhy()
    {
        StoredRun[] runs =
        [
            ReportTests.Run("sa", 0.7, true, 1, n: 101), ReportTests.Run("sa", 0.7, false, 60, 2, n: 101),
            ReportTests.Run("sa", 0.7, true, 4, n: 201), ReportTests.Run("sa", 0.7, true, 5, n: 201),
            ReportTests.Run("sa", 0.7, true, 9, n: 401), ReportTests.Run("sa", 0.7, false, 60, 5, n: 401), ReportTests.Run("sa", 0.7, false, 60, 3, n: 401),
        ];

        ScalingLaw law = Assert.Single(ScalingLaw.Of(Assert.Single(ReportSection.Of(runs, ["sa"]))));

        Assert.Equal([101, 201], law.UsableSizes);
        Assert.Null(law.Time.Law);
        Assert.Equal("at least half of the runs solved at N = 101, 201 only: a fit needs 3 sizes", law.Time.Reason);
        Assert.Null(law.Iterations.Law);
    }

    [Fact]
    public void Of_ZeroMedianTime_IsLeftOutOfTheTimeFitOnly()
    {
        StoredRun[] runs = [.. new[] { 101, 201, 401 }.Select(n => ReportTests.Run("sa", 0.5, true, n == 101 ? 0 : n * 1e-3, n: n, iterations: n))];

        ScalingLaw law = Assert.Single(ScalingLaw.Of(Assert.Single(ReportSection.Of(runs, ["sa"]))));

        Assert.Equal("at least half of the runs solved at N = 101, 201, 401; the median time is 0 s at N = 101: a fit needs 3 sizes", law.Time.Reason);
        Assert.Equal(1, law.Iterations.Law!.Exponent, 9);
    }

    [Fact]
    public void Of_FewerThanThreeSizes_HasNoLaws()
    {
        StoredRun[] runs = [ReportTests.Run("sa", 0.5, true, 1, n: 101), ReportTests.Run("sa", 0.5, true, 2, n: 201)];

        Assert.Empty(ScalingLaw.Of(Assert.Single(ReportSection.Of(runs, ["sa"]))));
    }
}
