using LocalEntropy.IO;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests.Committee;

public class CommitteeMachineTests
{
    /// <summary>Scalar reference: Σ_k sign(W_k·x_k) with dense ±1 arrays.</summary>
    internal static int ErrorsScalar(CommitteeMachine c, SpinVector w)
    {
        int errors = 0;
        for (int mu = 0; mu < c.P; mu++)
        {
            sbyte[] xi = c.Input(mu).ToSpins();
            int votes = 0;
            for (int k = 0; k < c.K; k++)
            {
                int h = 0;
                for (int j = 0; j < c.N; j++) h += w[k * c.N + j] * xi[c.Tree ? k * c.N + j : j];
                votes += Math.Sign(h);
            }
            if (c.Label(mu) * votes < 0) errors++;
        }
        return errors;
    }

    [Theory]
    [InlineData(21, 3, 50, false)]
    [InlineData(21, 3, 50, true)]
    [InlineData(65, 5, 130, false)]
    [InlineData(33, 1, 70, false)]
    public void Errors_EqualScalarReference(int n, int k, int p, bool tree)
    {
        var rng = new Rng(3);
        CommitteeMachine c = CommitteeGenerator.Random(n, k, p, tree, rng);
        for (int t = 0; t < 10; t++)
        {
            var w = SpinVector.Random(n * k, rng);
            Assert.Equal(ErrorsScalar(c, w), c.Errors(w));
        }
    }

    [Theory]
    [InlineData(21, 3, 60, false)]
    [InlineData(21, 5, 100, true)]
    [InlineData(101, 3, 200, false)]
    public void DeltaEnergy_AfterRandomFlips_EqualsRecomputedErrors(int n, int k, int p, bool tree)
    {
        var rng = new Rng((ulong)(n + k + p));
        CommitteeMachine c = CommitteeGenerator.Random(n, k, p, tree, rng);
        IFlipState state = c.CreateState(SpinVector.Random(n * k, rng), MoveEnergy.Errors);
        int before = c.Errors(state.Configuration);
        Assert.Equal(before, state.Errors);
        for (int step = 0; step < 3000; step++)
        {
            int s = rng.NextInt(n * k);
            int predicted = state.DeltaEnergy(s);
            state.Flip(s);
            int after = c.Errors(state.Configuration);
            Assert.Equal(after - before, predicted);
            Assert.Equal(after, state.Errors);
            Assert.Equal(after, state.Energy);
            before = after;
        }
    }

    /// <summary>
    /// Reference hinge: for each misclassified pattern, the fewest synapse flips that fix it, by trying every set of
    /// units on the wrong side that would turn the vote (a unit at label-signed field h needs (1 − h)/2 flips).
    /// </summary>
    private static long HingeScalar(CommitteeMachine c, SpinVector w)
    {
        long total = 0;
        for (int mu = 0; mu < c.P; mu++)
        {
            sbyte[] xi = c.Input(mu).ToSpins();
            var wrongSide = new List<int>();
            int right = 0;
            for (int k = 0; k < c.K; k++)
            {
                int h = 0;
                for (int j = 0; j < c.N; j++) h += w[k * c.N + j] * xi[c.Tree ? k * c.N + j : j];
                h *= c.Label(mu);
                if (h > 0) right++;
                else wrongSide.Add((1 - h) / 2);
            }
            int needed = (c.K + 1) / 2 - right;
            if (needed <= 0) continue;
            int best = int.MaxValue;
            for (int subset = 0; subset < 1 << wrongSide.Count; subset++)
            {
                if (System.Numerics.BitOperations.PopCount((uint)subset) != needed) continue;
                best = Math.Min(best, Enumerable.Range(0, wrongSide.Count).Where(i => (subset >> i & 1) != 0).Sum(i => wrongSide[i]));
            }
            total += best;
        }
        return total;
    }

    [Theory]
    [InlineData(21, 3, 60, false)]
    [InlineData(21, 5, 100, true)]
    [InlineData(41, 7, 150, false)]
    public void HingeDeltaEnergy_AfterRandomFlips_EqualsRecomputedHinge(int n, int k, int p, bool tree)
    {
        var rng = new Rng((ulong)(7 * n + k + p));
        CommitteeMachine c = CommitteeGenerator.Random(n, k, p, tree, rng);
        IFlipState state = c.CreateState(SpinVector.Random(n * k, rng), MoveEnergy.Hinge(0));
        long before = HingeScalar(c, state.Configuration);
        Assert.Equal(before, state.Energy);
        bool sawRise = false, sawFall = false;
        for (int step = 0; step < 2000; step++)
        {
            int s = rng.NextInt(n * k);
            int predicted = state.DeltaEnergy(s);
            state.Flip(s);
            long after = HingeScalar(c, state.Configuration);
            Assert.Equal(after - before, predicted);
            Assert.Equal(after, state.Energy);
            Assert.Equal(ErrorsScalar(c, state.Configuration), state.Errors);
            Assert.True(state.Energy >= state.Errors, "each wrong pattern costs at least one flip");
            sawRise |= predicted > 0;
            sawFall |= predicted < 0;
            before = after;
        }
        Assert.True(sawRise && sawFall);
    }

    [Fact]
    public void Hinge_IsZeroExactlyOnSolutions()
    {
        CommitteeMachine c = CommitteeGenerator.Random(21, 3, CommitteeGenerator.PatternCount(21, 3, 0.2), false, new Rng(9));
        SolveResult r = new SimulatedAnnealing(new SimulatedAnnealingOptions { Energy = MoveEnergy.Hinge(0), Limits = new SolverLimits { MaxIterations = 20_000 } })
            .Solve(c, new Rng(10));
        Assert.True(r.Solved, $"sa on the hinge left {r.Errors} errors");
        Assert.Equal(0, c.CreateState(r.Best, MoveEnergy.Hinge(0)).Energy);
        var random = SpinVector.Random(63, new Rng(11));
        Assert.Equal(c.Errors(random) > 0, c.CreateState(random, MoveEnergy.Hinge(0)).Energy > 0);
    }

    [Theory]
    [InlineData("sa")]
    [InlineData("rmc")]
    public void LocalMoveSolvers_SolveSmallCommittee(string name)
    {
        CommitteeMachine c = CommitteeGenerator.Random(31, 3, CommitteeGenerator.PatternCount(31, 3, 0.25), false, new Rng(5));
        var limits = new SolverLimits { MaxIterations = 20_000 };
        ISolver<IFlipProblem> solver = name == "sa"
            ? new SimulatedAnnealing(new SimulatedAnnealingOptions { Energy = MoveEnergy.Errors, Limits = limits })
            : new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions { Energy = MoveEnergy.Errors, Limits = limits });
        SolveResult r = solver.Solve(c, new Rng(6));
        Assert.True(r.Solved, $"{name} left {r.Errors} errors");
        Assert.Equal(0, c.Errors(r.Best));
    }

    [Fact]
    public void Constructor_RejectsEvenKEvenNAndBadTreeLength()
    {
        var x = SpinVector.Random(21, new Rng(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CommitteeMachine(2, false, [x], [1]));
        Assert.Throws<ArgumentException>(() => new CommitteeMachine(3, false, [SpinVector.Random(20, new Rng(1))], [1]));
        Assert.Throws<ArgumentException>(() => new CommitteeMachine(5, true, [x], [1]));
        Assert.Throws<ArgumentException>(() => CommitteeGenerator.Random(21, 3, 5, false, new Rng(1)).CreateState(new SpinVector(63), MoveEnergy.Hinge(2)));
    }

    [Fact]
    public void AlphaAndPatternCount_CountAllSynapses()
    {
        Assert.Equal(482, CommitteeGenerator.PatternCount(321, 5, 0.3));
        Assert.Equal(0.3, CommitteeGenerator.Random(321, 5, 482, false, new Rng(1)).Alpha, 2);
    }

    [Fact]
    public void PatternAndWeightsFiles_RoundTrip()
    {
        CommitteeMachine c = CommitteeGenerator.Random(15, 3, 20, true, new Rng(7));
        var writer = new StringWriter();
        PatternFile.Write(c, writer, ["committee"]);
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, writer.ToString());
            CommitteeMachine read = PatternFile.ReadCommittee(path, 3, tree: true);
            Assert.Equal((c.N, c.K, c.P), (read.N, read.K, read.P));
            var w = SpinVector.Random(45, new Rng(8));
            Assert.Equal(c.Errors(w), read.Errors(w));

            var ww = new StringWriter();
            WeightsFile.WriteUnits(w, 3, ww);
            Assert.Equal(w, WeightsFile.ParseUnits(ww.ToString().Split('\n'), "w", 3, 15));
            var e = Assert.Throws<InstanceFormatException>(() => WeightsFile.ParseUnits(["+-+", "+-+"], "w.txt", 3, 3));
            Assert.Contains("K = 3", e.Message, StringComparison.Ordinal);
            // One line with every unit, as `lent count --out` writes a solution.
            Assert.Equal(w, WeightsFile.ParseUnits(["# all units", w.ToPlusMinus()], "w", 3, 15));
            var extra = Assert.Throws<InstanceFormatException>(() => WeightsFile.ParseUnits([w.ToPlusMinus(), "+-+"], "w.txt", 3, 15));
            Assert.Equal(2, extra.Line);
            Assert.Throws<InstanceFormatException>(() => PatternFile.ReadCommittee(path, 2, tree: true));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
