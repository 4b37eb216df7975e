using LocalEntropy.Numerics;
using LocalEntropy.Theory;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace LocalEntropy.Core.Tests.Theory;

public class GaussianIntegralTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(2, 1)]
    [InlineData(4, 3)]
    [InlineData(8, 105)]
    [InlineData(12, 10395)]
    public void Expectation_EvenMoments_AreDoubleFactorials(int power, double expected) =>
        Assert.Equal(expected, GaussianIntegral.Expectation(z => Math.Pow(z, power)), expected * 1e-12);

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(11)]
    public void Expectation_OddMoments_Vanish(int power) =>
        Assert.Equal(0, GaussianIntegral.Expectation(z => Math.Pow(z, power)), 1e-12);

    [Theory]
    [InlineData(0.5)]
    [InlineData(2)]
    [InlineData(3)]
    public void Expectation_Cosh_IsExpOfHalfSquare(double a) =>
        Assert.Equal(Math.Exp(a * a / 2), GaussianIntegral.Expectation(z => Math.Cosh(a * z)), Math.Exp(a * a / 2) * 1e-12);

    [Theory]
    [InlineData(-3)]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(8)]
    public void Expectation_FromLowerBound_IsTailH(double lower)
    {
        double h = GaussianTails.H(lower);
        Assert.Equal(h, GaussianIntegral.Expectation(_ => 1, lower, double.PositiveInfinity), h * 1e-12);
    }

    [Fact]
    public void Expectation_SteepIntegrand_MatchesClosedForm()
    {
        // ∫Dz H(a + bz) = H(a/√(1 + b²)); with b = 30 the integrand is a step of width 1/30.
        const double a = 1, b = 30;
        Assert.Equal(GaussianTails.H(a / Math.Sqrt(1 + b * b)), GaussianIntegral.Expectation(z => GaussianTails.H(a + b * z)), 1e-12);
    }

    [Fact]
    public void Expectation_LogHWithQuadraticTail_SatisfiesIntegrationByParts()
    {
        // ∫Dz z ln H(−tz) = t ∫Dz G(tz)/H(−tz); at t = 5, ln H(−tz) ≈ −t²z²/2 far below the range of H itself.
        const double t = 5;
        double left = GaussianIntegral.Expectation(z => z * GaussianTails.LogH(-t * z));
        double right = t * GaussianIntegral.Expectation(z => Math.Exp(GaussianTails.LogG(t * z) - GaussianTails.LogH(-t * z)));
        Assert.True(double.IsFinite(left));
        Assert.Equal(right, left, Math.Abs(right) * 1e-10);
    }

    [Fact]
    public void Expectation_NonFiniteIntegrand_IsNaN() =>
        Assert.True(double.IsNaN(GaussianIntegral.Expectation(z => z > 1 ? double.NaN : z)));

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(13)]
    public void GaussKronrod_PolynomialsUpToDegree13_ExactOnOnePanel(int degree)
    {
        // G7 is exact up to degree 13 and K15 beyond, so one panel meets the tolerance only if both weight sets are right.
        double value = GaussKronrod.Integrate(x => Math.Pow(x, degree) + 1, -1, 1, 1e-13, 1, 1);
        Assert.Equal(2 + (degree % 2 == 0 ? 2.0 / (degree + 1) : 0), value, 1e-14);
    }

    /// <summary>Gauss–Hermite nodes and weights for Dz by Golub–Welsch (eigen-decomposition of the Jacobi matrix).</summary>
    private static (double[] Nodes, double[] Weights) GaussHermite(int n)
    {
        var jacobi = Matrix<double>.Build.Dense(n, n);
        for (int k = 1; k < n; k++) jacobi[k, k - 1] = jacobi[k - 1, k] = Math.Sqrt(k);
        var evd = jacobi.Evd(Symmetricity.Symmetric);
        return ([.. evd.EigenValues.Select(c => c.Real)], [.. Enumerable.Range(0, n).Select(i => evd.EigenVectors[0, i] * evd.EigenVectors[0, i])]);
    }

    [Fact]
    public void QuadratureChoice_GaussHermiteMissesSharpReplicaIntegrand_AdaptiveDoesNot()
    {
        (double[] x, double[] w) = GaussHermite(200);
        double Rule(Func<double, double> f) => x.Select((z, i) => w[i] * f(z)).Sum();
        // Gauss–Hermite is exact on polynomials...
        Assert.Equal(945, Rule(z => Math.Pow(z, 10)), 1e-9);
        // ...but ln 2cosh(√q̂ z) at the saddle point of α = 1.2 (q̂ ≈ 96) bends on a scale 1/√q̂ ≈ 0.1.
        double root = Math.Sqrt(95.9);
        Func<double, double> f = z => GaussianTails.LogTwoCosh(root * z);
        double reference = Trapezoid(f);
        Assert.True(Math.Abs(Rule(f) - reference) > 1e-4, "200-point Gauss–Hermite is off by more than 1e-4");
        Assert.Equal(reference, GaussianIntegral.Expectation(f), 1e-11);
    }

    /// <summary>∫Dz f on [−16, 16] by the trapezoid rule with 200001 points (spectrally accurate for analytic f).</summary>
    private static double Trapezoid(Func<double, double> f)
    {
        const int n = 200001;
        double h = 32.0 / (n - 1), sum = 0;
        for (int i = 1; i < n - 1; i++)
        {
            double z = -16 + i * h;
            sum += f(z) * Math.Exp(-z * z / 2);
        }
        return sum * h / Math.Sqrt(2 * Math.PI);
    }
}
