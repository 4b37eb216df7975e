using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests;

/// <summary>
/// ALGORITHMS.md §3.3: the coupling H^a_j += λ (tanh(γ S_j) − W^a_j), S_j = Σ_b W^b_j, must be attractive (the
/// seed slides have the sign wrong). Tested on the replica state the solver uses, and on the solver's outcome.
/// </summary>
public class ReplicatedSgdCouplingTests
{
    private static ReplicatedSgdState RandomHidden(Perceptron problem, int y, Rng rng)
    {
        var state = new ReplicatedSgdState(problem, y);
        for (int a = 0; a < y; a++)
        {
            Span<float> h = state.Hidden(a);
            for (int j = 0; j < problem.N; j++) h[j] = (float)(rng.NextDouble() * 2 - 1);
        }
        state.Refresh();
        return state;
    }

    private static int[] Sums(ReplicatedSgdState state, int n) =>
        [.. Enumerable.Range(0, n).Select(j => Enumerable.Range(0, state.Replicas).Sum(a => state.Weights(a)[j]))];

    /// <summary>Mean overlap of the replicas with their majority centre (ties count as agreement).</summary>
    private static double MeanOverlapWithCentre(ReplicatedSgdState state, int n)
    {
        int[] sums = Sums(state, n);
        double total = 0;
        for (int a = 0; a < state.Replicas; a++)
        {
            for (int j = 0; j < n; j++) total += sums[j] == 0 ? 1 : state.Weights(a)[j] * Math.Sign(sums[j]);
        }
        return total / (state.Replicas * n);
    }

    /// <summary>Mean pairwise overlap q_ab = W^a·W^b / N.</summary>
    private static double MeanPairOverlap(IReadOnlyList<SpinVector> w)
    {
        double total = 0;
        int pairs = 0;
        for (int a = 0; a < w.Count; a++)
        {
            for (int b = a + 1; b < w.Count; b++)
            {
                total += (double)w[a].Dot(w[b]) / w[a].Length;
                pairs++;
            }
        }
        return total / pairs;
    }

    [Theory]
    [InlineData(301, 7, 2.0, 0.5f)]
    [InlineData(64, 3, 0.05, 1.5f)]
    [InlineData(130, 4, 1.0, 0.75f)]
    public void Couple_MatchesFormula_HPlusLambdaTimesTanhGammaSMinusW(int n, int y, double gamma, float lambda)
    {
        Perceptron problem = PerceptronGenerator.Random(n, 10, new Rng(1));
        ReplicatedSgdState state = RandomHidden(problem, y, new Rng(2));
        float[][] before = [.. Enumerable.Range(0, y).Select(a => state.Hidden(a).ToArray())];
        int[] sums = Sums(state, n);
        state.SetGamma(gamma, lambda);

        state.Couple();

        for (int a = 0; a < y; a++)
        {
            for (int j = 0; j < n; j++)
            {
                int w = before[a][j] >= 0 ? 1 : -1;
                double expected = before[a][j] + lambda * (Math.Tanh(gamma * sums[j]) - w);
                Assert.True(Math.Abs(expected - state.Hidden(a)[j]) < 1e-5,
                    $"replica {a}, site {j}: H = {before[a][j]}, S = {sums[j]}, expected {expected}, got {state.Hidden(a)[j]}");
                Assert.Equal(state.Hidden(a)[j] >= 0 ? 1 : -1, state.Weights(a)[j]);
            }
        }
    }

    [Fact]
    public void Couple_PullsMinorityReplicasTowardsTheMajority()
    {
        const int n = 301, y = 7;
        Perceptron problem = PerceptronGenerator.Random(n, 10, new Rng(1));
        ReplicatedSgdState state = RandomHidden(problem, y, new Rng(2));
        float[][] before = [.. Enumerable.Range(0, y).Select(a => state.Hidden(a).ToArray())];
        int[] sums = Sums(state, n);
        state.SetGamma(2.0, 0.5f);

        state.Couple();

        int checkedSites = 0;
        for (int a = 0; a < y; a++)
        {
            for (int j = 0; j < n; j++)
            {
                int w = before[a][j] >= 0 ? 1 : -1;
                if (w == Math.Sign(sums[j])) continue;
                float moved = state.Hidden(a)[j] - before[a][j];
                Assert.True(moved * sums[j] > 0, $"replica {a}, site {j}: moved {moved} against S = {sums[j]}");
                checkedSites++;
            }
        }
        Assert.True(checkedSites > 100, $"only {checkedSites} minority sites");
    }

    [Fact]
    public void Couple_Repeatedly_AlignsReplicasWithTheirCentre()
    {
        const int n = 301, y = 5;
        Perceptron problem = PerceptronGenerator.Random(n, 10, new Rng(1));
        ReplicatedSgdState state = RandomHidden(problem, y, new Rng(3));
        double start = MeanOverlapWithCentre(state, n);
        state.SetGamma(1.0, 0.3f);
        for (int k = 0; k < 10; k++) state.Couple();
        double end = MeanOverlapWithCentre(state, n);
        Assert.True(start < 0.7, $"replicas should start apart (overlap {start})");
        Assert.True(end > 0.99, $"coupling should align the replicas (overlap {start} → {end})");
    }

    [Fact]
    public void Couple_WithZeroCoupling_LeavesHiddenWeightsUnchanged()
    {
        const int n = 150, y = 3;
        Perceptron problem = PerceptronGenerator.Random(n, 10, new Rng(1));
        ReplicatedSgdState state = RandomHidden(problem, y, new Rng(4));
        float[][] before = [.. Enumerable.Range(0, y).Select(a => state.Hidden(a)[..n].ToArray())];
        state.SetGamma(3.0, 0f);
        state.Couple();
        for (int a = 0; a < y; a++) Assert.Equal(before[a], state.Hidden(a)[..n].ToArray());
    }

    [Fact]
    public void PerceptronStep_AddsEtaTimesMisclassifiedPatterns()
    {
        const int n = 101, p = 60;
        var rng = new Rng(5);
        Perceptron problem = PerceptronGenerator.Random(n, p, rng);
        ReplicatedSgdState state = RandomHidden(problem, 2, rng);
        int[] batch = [.. Enumerable.Range(0, p).Where(mu => mu % 3 != 0)];
        const float eta = 0.25f;
        foreach (int margin in new[] { 0, 3 })
        {
            float[] before = state.Hidden(1)[..n].ToArray();
            SpinVector w = state.Weights(1).Clone();
            float[] hidden0 = state.Hidden(0)[..n].ToArray();
            var expected = (float[])before.Clone();
            int stepped = 0;
            foreach (int mu in batch)
            {
                SpinVector x = problem.SignedInput(mu);
                if (w.Dot(x) > margin) continue;
                stepped++;
                for (int j = 0; j < n; j++) expected[j] += eta * x[j];
            }
            Assert.True(stepped > 5, $"only {stepped} patterns stepped");

            state.Step(1, batch, eta, margin);

            for (int j = 0; j < n; j++) Assert.Equal(expected[j], state.Hidden(1)[j], 4);
            for (int j = 0; j < n; j++) Assert.Equal(state.Hidden(1)[j] >= 0 ? 1 : -1, state.Weights(1)[j]);
            // Other replicas are untouched.
            Assert.Equal(hidden0, state.Hidden(0)[..n].ToArray());
        }
    }

    [Fact]
    public void Start_GivesIdenticalPlusMinusOneReplicas()
    {
        Perceptron problem = PerceptronGenerator.Random(130, 10, new Rng(6));
        var state = new ReplicatedSgdState(problem, 4);
        state.Start(new Rng(7));
        for (int a = 0; a < 4; a++)
        {
            Assert.Equal(state.Weights(0), state.Weights(a));
            for (int j = 0; j < 130; j++) Assert.Equal(state.Weights(a)[j], state.Hidden(a)[j]);
        }
    }

    [Fact]
    public void LowestErrors_IsTheMinimumOverCentreAndReplicas()
    {
        var rng = new Rng(8);
        Perceptron problem = PerceptronGenerator.Random(101, 80, rng);
        ReplicatedSgdState state = RandomHidden(problem, 5, rng);
        int[] sums = Sums(state, 101);
        var centre = new SpinVector(101);
        for (int j = 0; j < 101; j++) centre[j] = sums[j] >= 0 ? 1 : -1;
        int expected = Math.Min(problem.Errors(centre), Enumerable.Range(0, 5).Min(a => problem.Errors(state.Weights(a))));
        int errors = state.LowestErrors(out SpinVector lowest);
        Assert.Equal(expected, errors);
        Assert.Equal(errors, problem.Errors(lowest));
    }

    [Fact]
    public void ReplicaState_DrivenLikeTheSolver_CouplingKeepsReplicasTogether()
    {
        // The solver's epoch loop (own shuffles, perceptron steps, coupling after every batch) on an instance no
        // run solves: without coupling the replicas drift apart, with it they end up nearly identical.
        const int n = 201, y = 7;
        Perceptron problem = PerceptronGenerator.Random(n, PerceptronGenerator.PatternCount(n, 0.8), new Rng(9));
        double Overlap(double coupling)
        {
            var state = new ReplicatedSgdState(problem, y);
            var rng = new Rng(10);
            state.Start(rng);
            int[][] order = [.. Enumerable.Range(0, y).Select(_ => Enumerable.Range(0, problem.P).ToArray())];
            Rng[] replicaRngs = [.. Enumerable.Range(0, y).Select(a => rng.Fork((ulong)a))];
            for (int epoch = 0; epoch < 30; epoch++)
            {
                state.SetGamma(0.5 + 0.05 * epoch, (float)coupling);
                for (int a = 0; a < y; a++) replicaRngs[a].Shuffle(order[a].AsSpan());
                for (int start = 0; start < problem.P; start += 20)
                {
                    int count = Math.Min(20, problem.P - start);
                    for (int a = 0; a < y; a++) state.Step(a, order[a].AsSpan(start, count), 1f, 0);
                    state.Couple();
                }
            }
            return MeanPairOverlap([.. Enumerable.Range(0, y).Select(state.Weights)]);
        }
        double free = Overlap(0), coupled = Overlap(1.5);
        Assert.True(coupled > free + 0.1, $"pairwise overlap: uncoupled {free:F3}, coupled {coupled:F3}");
        Assert.True(coupled > 0.9, $"coupled replicas should nearly coincide, overlap {coupled:F3}");
    }

    [Fact]
    public void Solver_CouplingHelps_SolvesWhereUncoupledReplicasDoNot()
    {
        // Solver-level consequence of the attractive coupling, observable through the public API only.
        const int n = 301;
        int solvedCoupled = 0, solvedFree = 0;
        for (ulong seed = 1; seed <= 3; seed++)
        {
            Perceptron problem = PerceptronGenerator.Random(n, PerceptronGenerator.PatternCount(n, 0.6), new Rng(seed));
            var limits = new SolverLimits { MaxIterations = 1500 };
            SolveResult coupled = new ReplicatedSgd(new ReplicatedSgdOptions { Limits = limits }).Solve(problem, new Rng(seed + 100));
            SolveResult free = new ReplicatedSgd(new ReplicatedSgdOptions { Coupling = 0, Limits = limits }).Solve(problem, new Rng(seed + 100));
            if (coupled.Solved) solvedCoupled++;
            if (free.Solved) solvedFree++;
        }
        Assert.True(solvedCoupled == 3 && solvedFree < solvedCoupled, $"coupled solved {solvedCoupled}/3, uncoupled {solvedFree}/3");
    }

    [Theory]
    [InlineData(1001, 80)]
    [InlineData(4001, 160)]
    [InlineData(16001, 320)]
    [InlineData(501, 80)]
    [InlineData(1, 80)]
    public void BatchGrowsAsSquareRootOfSizeAboveThousandOne(int n, int expected)
    {
        Assert.Equal(expected, ReplicatedSgdOptions.SizeAwareBatch(n));
        Assert.Equal(expected, new ReplicatedSgdOptions().BatchFor(n));
        Assert.Equal(80, new ReplicatedSgdOptions { BatchSize = 80 }.BatchFor(n));
        Assert.Equal(80, ReplicatedSgdOptions.Committee.BatchFor(n));
    }
}
