using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests.Levels;

/// <summary>
/// The one-level move proposal of sa and rmc (docs/algorithms.md, "Multi-level weights"): at a fixed β the Monte Carlo
/// kernels sample the exact Boltzmann distribution of a tiny instance, enumerated, and at L = 1 the proposal is the
/// binary spin flip draw for draw.
/// </summary>
public class LevelProposalTests
{
    /// <summary>Total-variation distance allowed between the visit frequencies and the exact distribution.</summary>
    private const double Tolerance = 0.02;

    /// <summary>Every configuration of <paramref name="n"/> weights on L + 1 levels, in mixed-radix order.</summary>
    private static LevelWeights Configuration(long index, int n, int levels)
    {
        var w = new LevelWeights(n, levels);
        for (int i = 0; i < n; i++, index /= levels + 1) w[i] = 2 * (int)(index % (levels + 1)) - levels;
        return w;
    }

    private static int Index(LevelWeights w, int start, long[] radix, ref long index)
    {
        for (int i = 0; i < w.Length; i++) index += radix[start + i] * ((w[i] + w.Levels) / 2);
        return start + w.Length;
    }

    private static double TotalVariation(long[] visits, double[] exact)
    {
        double total = visits.Sum(), tv = 0;
        for (int s = 0; s < exact.Length; s++) tv += Math.Abs(visits[s] / total - exact[s]);
        return tv / 2;
    }

    private static double[] Normalised(double[] logWeights)
    {
        double top = logWeights.Max();
        double[] p = [.. logWeights.Select(l => Math.Exp(l - top))];
        double z = p.Sum();
        return [.. p.Select(x => x / z)];
    }

    [Theory]
    [InlineData(2, 0.35)]
    [InlineData(3, 0.25)]
    [InlineData(4, 0.2)]
    public void SaKernel_AtFixedBeta_SamplesTheBoltzmannDistribution(int levels, double beta)
    {
        const int n = 3, p = 3;
        var problem = new LevelPerceptron(PerceptronGenerator.Random(n, p, new Rng(7)), levels);
        ILevelState state = problem.CreateState(new LevelWeights(n, levels), MoveEnergy.Hinge(1));
        int states = (int)Math.Pow(levels + 1, n);
        var logWeights = new double[states];
        for (int s = 0; s < states; s++)
        {
            state.Reset(Configuration(s, n, levels));
            logWeights[s] = -beta * state.Energy;
        }
        double[] exact = Normalised(logWeights);
        long[] radix = [.. Enumerable.Range(0, n).Select(i => (long)Math.Pow(levels + 1, i))];

        state.Reset(new LevelWeights(n, levels));
        var moves = new LevelMoves(state);
        var table = new MetropolisTable();
        table.SetBeta(beta);
        var rng = new Rng(11);
        var visits = new long[states];
        for (int step = 0; step < 1_000_000; step++)
        {
            SimulatedAnnealing.Step(moves, table, rng);
            long index = 0;
            Index(state.Configuration, 0, radix, ref index);
            visits[index]++;
        }
        Assert.True(TotalVariation(visits, exact) < Tolerance, $"L = {levels}: total variation {TotalVariation(visits, exact):F4}");
    }

    [Theory]
    [InlineData(2, 0.4, 0.6)]
    [InlineData(3, 0.3, 1.2)]
    public void RmcKernel_AtFixedBetaAndGamma_SamplesTheReplicatedBoltzmannDistribution(int levels, double beta, double gamma)
    {
        // y replicas of N weights: P({W^a}) ∝ exp(−β Σ_a E(W^a)) · Π_j Z(S_j), Z(S) = Σ_k exp(γ v_k S/L).
        const int n = 2, p = 2, y = 2;
        var problem = new LevelPerceptron(PerceptronGenerator.Random(n, p, new Rng(3)), levels);
        ILevelState[] replicas = [.. Enumerable.Range(0, y).Select(_ => problem.CreateState(new LevelWeights(n, levels), MoveEnergy.Hinge(1)))];
        int single = (int)Math.Pow(levels + 1, n), states = single * single;
        var energy = new long[single];
        for (int s = 0; s < single; s++)
        {
            replicas[0].Reset(Configuration(s, n, levels));
            energy[s] = replicas[0].Energy;
        }
        double LogZ(int sum)
        {
            double z = 0;
            for (int k = 0; k <= levels; k++) z += Math.Exp(gamma * (2.0 * k - levels) / levels * sum / levels);
            return Math.Log(z);
        }
        var logWeights = new double[states];
        for (int s = 0; s < states; s++)
        {
            LevelWeights first = Configuration(s % single, n, levels), second = Configuration(s / single, n, levels);
            logWeights[s] = -beta * (energy[s % single] + energy[s / single]);
            for (int j = 0; j < n; j++) logWeights[s] += LogZ(first[j] + second[j]);
        }
        double[] exact = Normalised(logWeights);
        long[] radix = [.. Enumerable.Range(0, y * n).Select(i => (long)Math.Pow(levels + 1, i))];

        replicas[0].Reset(new LevelWeights(n, levels));
        var set = new LevelReplicas(problem, replicas);
        var sums = new int[n];
        set.Sum(sums);
        var table = new MetropolisTable();
        table.SetBeta(beta);
        var gain = new double[(2 * y * levels + 1) * 2];
        LevelCentre.FillGain(gain, gamma, y, levels);
        var rng = new Rng(13);
        var visits = new long[states];
        for (int step = 0; step < 1_000_000; step++)
        {
            ReplicatedMonteCarlo.Step(set, sums, table, gain, rng);
            long index = 0;
            int start = 0;
            foreach (ILevelState r in replicas) start = Index(r.Configuration, start, radix, ref index);
            visits[index]++;
        }
        Assert.True(TotalVariation(visits, exact) < Tolerance, $"L = {levels}: total variation {TotalVariation(visits, exact):F4}");
    }

    [Fact]
    public void OneLevel_ProposesAndMovesAsBinaryFlips()
    {
        // Odd N: the L = 1 hinge is the binary hinge, so the same draws must give the same trajectory.
        const int n = 41, p = 25;
        Perceptron patterns = PerceptronGenerator.Random(n, p, new Rng(2));
        var problem = new LevelPerceptron(patterns, 1);
        SpinVector start = SpinVector.Random(n, new Rng(9));
        IFlipState binary = patterns.CreateState(start, MoveEnergy.Hinge(2));
        ILevelState level = problem.CreateState(LevelWeights.FromSpins(start), MoveEnergy.Hinge(2));
        var flips = new FlipMoves(binary);
        var moves = new LevelMoves(level);
        var table = new MetropolisTable();
        table.SetBeta(0.3);
        Rng first = new(5), second = new(5);
        for (int step = 0; step < 20_000; step++)
        {
            Assert.Equal(SimulatedAnnealing.Step(flips, table, first), SimulatedAnnealing.Step(moves, table, second));
            if (step % 997 == 0) Assert.Equal(binary.Configuration, level.Configuration.Signs());
        }
        Assert.Equal(binary.Configuration, level.Configuration.Signs());
        Assert.Equal(first.NextULong(), second.NextULong());
    }
}
