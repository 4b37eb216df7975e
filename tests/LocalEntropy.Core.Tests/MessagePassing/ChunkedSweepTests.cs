using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests.MessagePassing;

/// <summary>Runs alone: BP sweeps of other tests running at the same time would take the second core away.</summary>
[CollectionDefinition(nameof(ChunkedSweepTests), DisableParallelization = true)]
public sealed class ChunkedSweepsRunAlone;

/// <summary>Chunked factor updates: the thread count must not change a single bit of what BP computes.</summary>
[Collection(nameof(ChunkedSweepTests))]
public class ChunkedSweepTests
{
    private static (double[] Marginals, double[] Changes) Sweeps(BeliefPropagation bp, BeliefPropagationOptions options, int sweeps)
    {
        var changes = new double[sweeps];
        for (int i = 0; i < sweeps; i++) changes[i] = bp.Sweep(options);
        return (bp.Marginals(), changes);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(3, 3)]
    public void PerceptronSweeps_AreBitIdenticalForOneAndSeveralThreads(int chunks, int threads)
    {
        Perceptron problem = PerceptronGenerator.Random(1001, 300, new Rng(21));
        (double[], double[]) Run(int t)
        {
            var bp = new PerceptronBeliefPropagation(problem);
            bp.Randomize(new Rng(22), 0.1);
            return Sweeps(bp, new BeliefPropagationOptions { Chunks = chunks, Threads = t, Damping = 0.3 }, 12);
        }
        var (oneMarginals, oneChanges) = Run(1);
        var (manyMarginals, manyChanges) = Run(threads);
        Assert.Equal(oneMarginals, manyMarginals);
        Assert.Equal(oneChanges, manyChanges);
    }

    [Fact]
    public void CommitteeSweeps_AreBitIdenticalForOneAndTwoThreads_WithAChunkBoundaryInsideAUnit()
    {
        // 3 units of 201 synapses: the two chunks split unit 1.
        CommitteeMachine problem = CommitteeGenerator.Random(201, 3, 120, false, new Rng(23));
        (double[], double[]) Run(int threads)
        {
            var bp = new CommitteeBeliefPropagation(problem);
            bp.Randomize(new Rng(24), 0.1);
            return Sweeps(bp, new BeliefPropagationOptions { Threads = threads, Damping = 0.5 }, 10);
        }
        var (one, oneChanges) = Run(1);
        var (two, twoChanges) = Run(2);
        Assert.Equal(one, two);
        Assert.Equal(oneChanges, twoChanges);
    }

    [Fact]
    public async Task ConcurrentTwoThreadRuns_StayBitIdentical()
    {
        // Four two-thread runs at once on fewer cores: sweeps share the cores, helpers get descheduled and sweeps
        // fall back to one thread; none of it may change a bit.
        Perceptron problem = PerceptronGenerator.Random(1001, 200, new Rng(28));
        (double[], double[]) Run(int threads)
        {
            var bp = new PerceptronBeliefPropagation(problem);
            bp.Randomize(new Rng(29), 0.1);
            return Sweeps(bp, new BeliefPropagationOptions { Threads = threads, Damping = 0.4 }, 25);
        }
        var (marginals, changes) = Run(1);
        var runs = new Task<(double[], double[])>[4];
        for (int i = 0; i < runs.Length; i++) runs[i] = Task.Factory.StartNew(() => Run(2), TaskCreationOptions.LongRunning);
        foreach (var (runMarginals, runChanges) in await Task.WhenAll(runs))
        {
            Assert.Equal(marginals, runMarginals);
            Assert.Equal(changes, runChanges);
        }
    }

    [Fact]
    public void Chunks_ChangeOnlyRounding_ReachingTheSameFixedPoint()
    {
        Perceptron problem = PerceptronGenerator.Random(601, 120, new Rng(25));
        double[] Marginals(int chunks)
        {
            var bp = new PerceptronBeliefPropagation(problem);
            Assert.True(bp.Run(new BeliefPropagationOptions { Chunks = chunks, Threads = 1, Tolerance = 1e-10, MaxIterations = 5000 }).Converged);
            return bp.Marginals();
        }
        double[] one = Marginals(1), two = Marginals(2);
        for (int j = 0; j < one.Length; j++) Assert.InRange(two[j] - one[j], -1e-8, 1e-8);
    }

    [Fact]
    public void FocusingBp_SameRunForOneAndTwoThreads()
    {
        Perceptron problem = PerceptronGenerator.Random(601, 240, new Rng(26));
        SolveResult Solve(int threads) => new FocusingBeliefPropagation(new FocusingBeliefPropagationOptions
        {
            Bp = new BeliefPropagationOptions { MaxIterations = 1, Damping = 0.5, Threads = threads },
            Limits = new SolverLimits { MaxIterations = 60 },
        }).Solve(problem, new Rng(27));
        SolveResult one = Solve(1), two = Solve(2);
        Assert.Equal(one.Errors, two.Errors);
        Assert.Equal(one.Iterations, two.Iterations);
        Assert.Equal(one.Best.ToSpins(), two.Best.ToSpins());
    }

    [Fact]
    public void Options_Validate_RejectsChunksOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BeliefPropagationOptions { Chunks = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new BeliefPropagationOptions { Chunks = BeliefPropagationOptions.MaxChunks + 1 }.Validate());
    }
}
