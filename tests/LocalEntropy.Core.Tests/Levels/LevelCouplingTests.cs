using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests.Levels;

/// <summary>
/// The robust-ensemble centre summed over the level set (docs/algorithms.md, "Multi-level weights"): the tabulated
/// acceptance factors against the replicated energy recomputed from scratch, the L = 1 limit, and the centre read-out.
/// </summary>
public class LevelCouplingTests
{
    /// <summary>log Σ_{k=0}^{L} exp(γ v_k Σ_a W^a), v_k = (2k − L)/L, Σ_a W^a = S/L, summed directly.</summary>
    private static double LogZ(double gamma, int sum, int levels)
    {
        double z = 0;
        for (int k = 0; k <= levels; k++) z += Math.Exp(gamma * (2.0 * k - levels) / levels * sum / levels);
        return Math.Log(z);
    }

    [Theory]
    [InlineData(1, 3, 0.7)]
    [InlineData(2, 7, 0.3)]
    [InlineData(4, 5, 1.1)]
    [InlineData(8, 7, 2.5)]
    [InlineData(3, 1, 0.05)]
    public void Gain_EqualsRatioOfCentreSums(int levels, int y, double gamma)
    {
        int top = y * levels;
        var gain = new double[(2 * top + 1) * 2];
        LevelCentre.FillGain(gain, gamma, y, levels);
        for (int s = -top; s <= top; s += 2)
        {
            if (s + 2 <= top) Assert.Equal(LogZ(gamma, s + 2, levels) - LogZ(gamma, s, levels), Math.Log(gain[(s + top) * 2]), 10);
            if (s - 2 >= -top) Assert.Equal(LogZ(gamma, s - 2, levels) - LogZ(gamma, s, levels), Math.Log(gain[(s + top) * 2 + 1]), 10);
        }
    }

    [Theory]
    [InlineData(2, 5, 0.8)]
    [InlineData(4, 3, 1.7)]
    [InlineData(8, 7, 0.4)]
    public void MetropolisRatio_EqualsRecomputedReplicatedEnergyChange(int levels, int y, double gamma)
    {
        // ℋ = β Σ_a E(W^a) − Σ_j log Z(S_j); the solver accepts with exp(−βΔE)·gain, which must be exp(−Δℋ).
        const int n = 23, p = 17;
        const double beta = 0.9;
        var rng = new Rng(5);
        var problem = new LevelPerceptron(PerceptronGenerator.Random(n, p, rng), levels);
        var states = Enumerable.Range(0, y).Select(_ => problem.CreateState(LevelWeights.Random(n, levels, rng), MoveEnergy.Hinge(1))).ToArray();
        int top = y * levels;
        var gain = new double[(2 * top + 1) * 2];
        LevelCentre.FillGain(gain, gamma, y, levels);
        double Replicated()
        {
            double h = 0;
            foreach (ILevelState s in states) h += beta * s.Energy;
            for (int j = 0; j < n; j++) h -= LogZ(gamma, states.Sum(s => s.Configuration[j]), levels);
            return h;
        }
        for (int step = 0; step < 200; step++)
        {
            int a = rng.NextInt(y), j = rng.NextInt(n);
            bool up = rng.NextBool();
            int w = states[a].Configuration[j];
            if (up ? w == levels : w == -levels) continue;
            int sum = states.Sum(s => s.Configuration[j]);
            double logRatio = -beta * states[a].DeltaEnergy(j, up) + Math.Log(gain[(sum + top) * 2 + (up ? 0 : 1)]);
            double before = Replicated();
            states[a].Move(j, up);
            Assert.Equal(-(Replicated() - before), logRatio, 9);
        }
    }

    [Fact]
    public void OneLevel_IsTheBinaryRobustEnsemble()
    {
        foreach (double gamma in new[] { 0.05, 0.9, 3.0 })
        {
            for (int s = -7; s <= 7; s++)
            {
                Assert.Equal(Math.Log(Math.Cosh(gamma * s)), LevelCentre.LogWeight(gamma, s, 1), 12);
                Assert.Equal(Math.Tanh(gamma * s), LevelCentre.Mean(gamma, s, 1), 14);
            }
        }
    }

    [Theory]
    [InlineData(2, 0.6)]
    [InlineData(5, 1.3)]
    public void Mean_IsTheExpectedLevel(int levels, double gamma)
    {
        for (int s = -3 * levels; s <= 3 * levels; s++)
        {
            double z = 0, m = 0;
            for (int k = 0; k <= levels; k++)
            {
                double v = (2.0 * k - levels) / levels, e = Math.Exp(gamma * v * s / levels);
                z += e;
                m += v * e;
            }
            Assert.Equal(m / z, LevelCentre.Mean(gamma, s, levels), 12);
        }
    }

    [Fact]
    public void NearestLevel_IsNearestToTheReplicaMean_TiesOnThePreviousSide()
    {
        for (int levels = 1; levels <= 5; levels++)
        {
            for (int y = 1; y <= 8; y++)
            {
                for (int s = -y * levels; s <= y * levels; s += 2)
                {
                    foreach (int previous in new[] { -levels, levels })
                    {
                        double mean = (double)s / y;
                        var candidates = Enumerable.Range(0, levels + 1).Select(k => 2 * k - levels).ToArray();
                        double best = candidates.Min(v => Math.Abs(v - mean));
                        int[] nearest = candidates.Where(v => Math.Abs(Math.Abs(v - mean) - best) < 1e-12).ToArray();
                        int expected = nearest.Length == 1 ? nearest[0] : previous > 0 ? nearest.Max() : nearest.Min();
                        Assert.Equal(expected, LevelReplicas.NearestLevel(s, y, levels, previous));
                    }
                }
            }
        }
    }
}
