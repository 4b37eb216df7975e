using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Core.Tests.MessagePassing;

public class PerceptronBeliefPropagationTests
{
    /// <summary>Number of solutions and their mean spins, by enumerating all 2^N configurations.</summary>
    private static (long Count, double[] Magnetizations) Enumerate(Perceptron problem, double[]? field = null)
    {
        int n = problem.N;
        var sums = new double[n];
        double weightTotal = 0;
        long count = 0;
        var w = new SpinVector(n);
        for (long code = 0; code < 1L << n; code++)
        {
            for (int j = 0; j < n; j++) w[j] = ((code >> j) & 1) == 1 ? 1 : -1;
            if (problem.Errors(w) != 0) continue;
            count++;
            double weight = 1;
            if (field is not null)
            {
                double e = 0;
                for (int j = 0; j < n; j++) e += field[j] * w[j];
                weight = Math.Exp(e);
            }
            weightTotal += weight;
            for (int j = 0; j < n; j++) sums[j] += weight * w[j];
        }
        return (count, [.. sums.Select(s => s / weightTotal)]);
    }

    [Fact]
    public void SinglePattern_ExactFactor_MatchesEnumeratedMarginalsAndCount()
    {
        // One factor: the factor graph is a tree, so BP with exact factor messages is exact.
        Perceptron problem = PerceptronGenerator.Random(13, 1, new Rng(3));
        var bp = new PerceptronBeliefPropagation(problem);
        var field = new double[13];
        var rng = new Rng(4);
        for (int j = 0; j < 13; j++)
        {
            field[j] = 0.4 * (rng.NextDouble() - 0.5);
            bp.SetExternalField(j, field[j]);
        }
        var options = new BeliefPropagationOptions { Factor = FactorUpdate.Exact, Tolerance = 1e-12 };

        BeliefPropagationResult r = bp.Run(options);

        Assert.True(r.Converged);
        var (_, exact) = Enumerate(problem, field);
        double[] m = bp.Marginals();
        for (int j = 0; j < 13; j++) Assert.Equal(exact[j], m[j], 9);
    }

    [Fact]
    public void SinglePattern_ExactFactor_FreeEntropyIsLogCount()
    {
        Perceptron problem = PerceptronGenerator.Random(15, 1, new Rng(5));
        var bp = new PerceptronBeliefPropagation(problem);
        var options = new BeliefPropagationOptions { Factor = FactorUpdate.Exact, Tolerance = 1e-12 };
        bp.Run(options);
        Assert.Equal(Math.Log(Enumerate(problem).Count), bp.FreeEntropy(options), 8);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(8.0)]
    public void FreeEntropy_MatchesDirectFormula_ForWeakAndSaturatedMessages(double scale)
    {
        // scale 8 puts most messages beyond |u| = 0.999, where the algebraic shortcut hands over to log 2cosh.
        Perceptron problem = PerceptronGenerator.Random(201, 60, new Rng(12));
        var bp = new PerceptronBeliefPropagation(problem);
        var rng = new Rng(13);
        for (int j = 0; j < problem.N; j++) bp.SetExternalField(j, 3 * (rng.NextDouble() - 0.5));
        bp.Randomize(rng, scale);
        double reference = bp.FreeEntropyReference();
        Assert.Equal(reference, bp.FreeEntropy(), 1e-9 * Math.Max(1, Math.Abs(reference)));
        bp.Sweep(new BeliefPropagationOptions { Damping = 0.5 });
        reference = bp.FreeEntropyReference();
        Assert.Equal(reference, bp.FreeEntropy(), 1e-9 * Math.Max(1, Math.Abs(reference)));
    }

    [Fact]
    public void SinglePattern_GaussianFactor_CloseToExactMarginals()
    {
        // The Gaussian cavity approximation errs by O(1/N) on one factor; at N = 21 within 0.03.
        Perceptron problem = PerceptronGenerator.Random(21, 1, new Rng(6));
        var bp = new PerceptronBeliefPropagation(problem);
        Assert.True(bp.Run(new BeliefPropagationOptions { Tolerance = 1e-10 }).Converged);
        var (_, exact) = Enumerate(problem);
        double[] m = bp.Marginals();
        for (int j = 0; j < 21; j++) Assert.InRange(m[j] - exact[j], -0.03, 0.03);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    [InlineData(5UL)]
    public void BetheEntropy_N21Alpha02_WithinTenthOfANatOfExactCount(ulong seed)
    {
        const int n = 21;
        Perceptron problem = PerceptronGenerator.Random(n, PerceptronGenerator.PatternCount(n, 0.2), new Rng(seed));
        var bp = new PerceptronBeliefPropagation(problem);
        var options = new BeliefPropagationOptions { Tolerance = 1e-8, MaxIterations = 2000, Damping = 0.2 };
        Assert.True(bp.Run(options).Converged);
        double exact = Math.Log(Enumerate(problem).Count) / n;
        double bethe = bp.FreeEntropy() / n;
        Assert.InRange(bethe - exact, -0.1, 0.1);
    }

    [Fact]
    public void NoPatterns_LimitOfWeakConstraints_FreeEntropyIsSumOfLogTwoCosh()
    {
        // A pattern the field cannot violate (N = 1, x = +1, strong field towards +1) contributes ~0.
        var problem = new Perceptron([SpinVector.FromSpins([1, 1, 1, 1, 1])], [1]);
        var bp = new PerceptronBeliefPropagation(problem);
        for (int j = 0; j < 5; j++) bp.SetExternalField(j, 8);
        var options = new BeliefPropagationOptions { Factor = FactorUpdate.Exact, Tolerance = 1e-12 };
        bp.Run(options);
        double independent = 5 * GaussianTails.LogTwoCosh(8);
        Assert.Equal(independent, bp.FreeEntropy(options), 6);
    }

    [Fact]
    public void Decision_OnEasyInstance_WithReinforcingField_IsNotWorseThanRandom()
    {
        Perceptron problem = PerceptronGenerator.TeacherStudent(301, 60, new Rng(9));
        var bp = new PerceptronBeliefPropagation(problem);
        Assert.True(bp.Run(new BeliefPropagationOptions()).Converged);
        // At α = 0.2 the marginal signs already classify most patterns.
        Assert.True(problem.Errors(bp.Decision()) < problem.P / 4);
    }

    [Fact]
    public void Sweep_WithBlocks_DoesNotDependOnThreadCount_AndReachesTheSequentialFixedPoint()
    {
        Perceptron problem = PerceptronGenerator.Random(201, 60, new Rng(12));
        double[] Marginals(int blocks, int threads)
        {
            var bp = new PerceptronBeliefPropagation(problem);
            Assert.True(bp.Run(new BeliefPropagationOptions { Blocks = blocks, Threads = threads, Tolerance = 1e-10, MaxIterations = 5000 }).Converged);
            return bp.Marginals();
        }
        double[] sequential = Marginals(1, 1), oneThread = Marginals(3, 1), threeThreads = Marginals(3, 3);
        Assert.Equal(oneThread, threeThreads);
        for (int j = 0; j < 201; j++) Assert.InRange(oneThread[j] - sequential[j], -1e-7, 1e-7);
    }

    [Fact]
    public void Options_Validate_RejectsBadValues()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BeliefPropagationOptions { Damping = 1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new BeliefPropagationOptions { Tolerance = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new BeliefPropagationOptions { MaxIterations = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new BeliefPropagationOptions { Blocks = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new BeliefPropagationOptions { Threads = 0 }.Validate());
    }
}

public class GaussianTailsTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-3.0)]
    [InlineData(10.0)]
    [InlineData(24.9)]
    public void LogErfc_MatchesDirectWhereRepresentable(double x) =>
        Assert.InRange(GaussianTails.LogErfc(x) - Math.Log(MathNet.Numerics.SpecialFunctions.Erfc(x)), -1e-9, 1e-9);

    [Fact]
    public void LogErfc_IsContinuousAcrossTheAsymptoticSwitch_AndFiniteFarOut()
    {
        Assert.Equal(GaussianTails.LogErfc(24.999999), GaussianTails.LogErfc(25.0), 4);
        double far = GaussianTails.LogErfc(100);
        Assert.True(double.IsFinite(far));
        Assert.InRange(far, -10_006, -10_005);
    }

    [Fact]
    public void LogErfc_TableMatchesReferenceEverywhere()
    {
        for (double x = -8; x < 26; x += 0.0173)
        {
            Assert.InRange(GaussianTails.LogErfc(x) - GaussianTails.LogErfcReference(x), -1e-9, 1e-9);
        }
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 0.42758357615580705)]
    [InlineData(30.0, 0.018795888861416751)]
    public void Erfcx_KnownValues(double x, double expected) =>
        Assert.InRange(GaussianTails.Erfcx(x) / expected - 1, -1e-10, 1e-10);

    [Fact]
    public void LogTwoCosh_NoOverflow() => Assert.Equal(1000, GaussianTails.LogTwoCosh(-1000), 9);
}
