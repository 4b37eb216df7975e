using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;
using LocalEntropy.Theory;

namespace LocalEntropy.Core.Tests.MessagePassing;

public class FocusingAmpTests
{
    /// <summary>
    /// AMP is BP with the cavity corrections expanded to first order in 1/√N: at N = 1001 the fixed points differ by
    /// O(1/N). Measured: mean |Δm| = 1.9e-4, 3.7e-4, 5.3e-4 and max |Δm| = 5.9e-4, 1.6e-3, 2.8e-3 at α = 0.3, 0.5, 0.6;
    /// the test allows mean 1e-3 and max 5e-3.
    /// </summary>
    [Theory]
    [InlineData(0.3, 1UL)]
    [InlineData(0.5, 2UL)]
    [InlineData(0.6, 3UL)]
    public void PlainFixedPoint_MatchesBpMarginals_AtN1001(double alpha, ulong seed)
    {
        Perceptron problem = PerceptronGenerator.Random(1001, PerceptronGenerator.PatternCount(1001, alpha), new Rng(seed));
        var bp = new PerceptronBeliefPropagation(problem);
        bp.Randomize(new Rng(seed + 100), 0.1);
        BeliefPropagationResult bpRun = bp.Run(new BeliefPropagationOptions { Tolerance = 1e-7, MaxIterations = 2000, Damping = 0.3 });
        var amp = new PerceptronAmp(problem);
        amp.Randomize(new Rng(seed + 200), 0.1);
        BeliefPropagationResult ampRun = amp.Run(1e-9, 2000, 0.5);
        Assert.True(bpRun.Converged, $"BP: {bpRun}");
        Assert.True(ampRun.Converged, $"AMP: {ampRun}");
        double[] m = bp.Marginals();
        double mean = 0, max = 0;
        for (int i = 0; i < m.Length; i++)
        {
            double d = Math.Abs(m[i] - amp.Magnetizations[i]);
            mean += d / m.Length;
            max = Math.Max(max, d);
        }
        Assert.True(mean < 1e-3, $"mean |Δm| = {mean}");
        Assert.True(max < 5e-3, $"max |Δm| = {max}");
        // The marginals are far from trivial: q is near its RS value (0.19 to 0.39).
        Assert.InRange(m.Average(x => x * x), 0.15, 0.45);
    }

    /// <summary>q = mean m² at the plain fixed point against the RS saddle point (ALGORITHMS.md §5); finite-N spread ±0.01.</summary>
    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.6)]
    public void PlainFixedPoint_OverlapMatchesReplicaSymmetricTheory_AtN4001(double alpha)
    {
        Perceptron problem = PerceptronGenerator.Random(4001, PerceptronGenerator.PatternCount(4001, alpha), new Rng(7));
        var amp = new PerceptronAmp(problem);
        amp.Randomize(new Rng(8), 0.1);
        Assert.True(amp.Run(1e-8, 2000, 0.5).Converged);
        double q = 0;
        foreach (double m in amp.Magnetizations) q += m * m / amp.N;
        Assert.Equal(BinaryPerceptronEntropy.Solve(alpha).Q, q, 0.01);
    }

    [Fact]
    public void Iterations_AreBitIdenticalForOneAndTwoThreads_UnderFocusing()
    {
        Perceptron problem = PerceptronGenerator.Random(2001, 1200, new Rng(11));
        double[] Run(int threads)
        {
            var amp = new PerceptronAmp(problem, threads);
            amp.Randomize(new Rng(12), 0.1);
            for (int it = 0; it < 40; it++) amp.Iterate(0.5, new FocusingStep(double.PositiveInfinity, 1 / (1 - 0.01 * it)));
            return amp.Magnetizations.ToArray();
        }
        Assert.Equal(Run(1), Run(2));
    }

    [Fact]
    public void Solve_N2001Alpha06_FindsASolution_TheSameForAnyThreadCount()
    {
        Perceptron problem = PerceptronGenerator.Random(2001, PerceptronGenerator.PatternCount(2001, 0.6), new Rng(31));
        SolveResult one = new FocusingAmp(new FocusingAmpOptions { Threads = 1 }).Solve(problem, new Rng(32));
        Assert.Equal(StopReason.Solved, one.StopReason);
        Assert.Equal(0, problem.Errors(one.Best));
        SolveResult two = new FocusingAmp(new FocusingAmpOptions { Threads = 2 }).Solve(problem, new Rng(32));
        Assert.Equal(one.Best, two.Best);
        Assert.Equal(one.Iterations, two.Iterations);
    }

    [Fact]
    public void GaussianOverTail_MatchesDirectRatio_AndStaysFiniteInTheTail()
    {
        foreach (double t in new[] { -8.0, -3, -1, -0.1, 0, 0.5, 2, 5 })
        {
            Assert.Equal(GaussianTails.G(t) / GaussianTails.H(t), PerceptronAmp.GaussianOverTail(t), 1e-9 * (1 + Math.Abs(t)));
        }
        // φ(t) → t + 1/t for large t, where H underflows.
        Assert.Equal(60 + 1.0 / 60, PerceptronAmp.GaussianOverTail(60), 1e-3);
        Assert.Equal(0, PerceptronAmp.GaussianOverTail(-60), 1e-300);
    }

    [Fact]
    public void Options_RejectValuesThatCannotRun()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FocusingAmp(new FocusingAmpOptions { Damping = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FocusingAmp(new FocusingAmpOptions { Threads = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FocusingAmp(new FocusingAmpOptions { IterationsPerStep = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FocusingAmp(new FocusingAmpOptions { InitialNoise = double.NaN }));
    }
}
