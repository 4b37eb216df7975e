using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests.MessagePassing;

public class EntropyDrivenMonteCarloTests
{
    [Fact]
    public void Snapshot_Restore_PutsBackMessagesAndFields()
    {
        Perceptron problem = PerceptronGenerator.Random(101, 30, new Rng(1));
        var bp = new PerceptronBeliefPropagation(problem);
        bp.Randomize(new Rng(2), 0.5);
        for (int j = 0; j < problem.N; j++) bp.SetExternalField(j, j % 3 == 0 ? 0.7 : -0.2);
        bp.Sweep(new BeliefPropagationOptions());
        double phi = bp.FreeEntropy();
        double[] marginals = bp.Marginals();
        BeliefPropagation.Snapshot saved = bp.Save();

        bp.SetExternalField(5, 4);
        bp.Sweep(new BeliefPropagationOptions());
        Assert.NotEqual(phi, bp.FreeEntropy());
        bp.Restore(saved);

        Assert.Equal(phi, bp.FreeEntropy());
        Assert.Equal(marginals, bp.Marginals());
        Assert.Equal(0.7, bp.ExternalField(0));
        Assert.Equal(-0.2, bp.ExternalField(5));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Solve_SmallInstanceAtAlpha03_ReturnsAVerifiedSolution(ulong seed)
    {
        Perceptron problem = PerceptronGenerator.Random(201, PerceptronGenerator.PatternCount(201, 0.3), new Rng(seed).Fork(0));
        var edmc = new EntropyDrivenMonteCarlo(new EntropyDrivenMonteCarloOptions { Limits = new SolverLimits { MaxIterations = 20_000 } });

        SolveResult r = edmc.Solve(problem, new Rng(seed).Fork(1));

        Assert.Equal(StopReason.Solved, r.StopReason);
        Assert.Equal(0, problem.Errors(r.Best));
        Assert.Equal(0, r.Errors);
    }

    [Fact]
    public void Solve_SmallCommittee_ReturnsAVerifiedSolution()
    {
        CommitteeMachine c = CommitteeGenerator.Random(51, 3, CommitteeGenerator.PatternCount(51, 3, 0.2), false, new Rng(3));
        var edmc = new EntropyDrivenMonteCarlo(new EntropyDrivenMonteCarloOptions { Limits = new SolverLimits { MaxIterations = 20_000 } });

        SolveResult r = edmc.Solve(c, new Rng(4));

        Assert.Equal(StopReason.Solved, r.StopReason);
        Assert.Equal(0, c.Errors(r.Best));
    }

    [Fact]
    public void Solve_SameSeed_SameTrajectory()
    {
        Perceptron problem = PerceptronGenerator.Random(101, 40, new Rng(4));
        var edmc = new EntropyDrivenMonteCarlo(new EntropyDrivenMonteCarloOptions { Limits = new SolverLimits { MaxIterations = 150 } });

        SolveResult a = edmc.Solve(problem, new Rng(9));
        SolveResult b = edmc.Solve(problem, new Rng(9));

        Assert.Equal(a.Best, b.Best);
        Assert.Equal(a.Iterations, b.Iterations);
        Assert.Equal(a.Errors, b.Errors);
        Assert.Equal(a.Restarts, b.Restarts);
    }

    [Fact]
    public void Solve_BeyondCapacity_StopsAtTheProposalBudgetWithItsBestReference()
    {
        // α = 1.2 is past the binary perceptron's capacity (0.83): no solution exists.
        Perceptron problem = PerceptronGenerator.Random(61, 73, new Rng(5));
        var edmc = new EntropyDrivenMonteCarlo(new EntropyDrivenMonteCarloOptions { SweepsPerRun = 1, Limits = new SolverLimits { MaxIterations = 200 } });

        SolveResult r = edmc.Solve(problem, new Rng(6));

        Assert.Equal(StopReason.MaxIterations, r.StopReason);
        Assert.Equal(200, r.Iterations);
        Assert.True(r.Restarts >= 1, "a 61-proposal first run must have restarted");
        Assert.Equal(problem.Errors(r.Best), r.Errors);
        Assert.Equal(r.Trace.Min(p => p.Errors), r.Errors);
    }

    [Fact]
    public void Solve_Cancelled_StopsWithReasonCancelled()
    {
        Perceptron problem = PerceptronGenerator.Random(101, 80, new Rng(7));
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        SolveResult r = new EntropyDrivenMonteCarlo(new EntropyDrivenMonteCarloOptions()).Solve(problem, new Rng(1), cancellationToken: cancel.Token);
        Assert.Equal(StopReason.Cancelled, r.StopReason);
        Assert.Equal(1, r.Iterations);
    }

    [Fact]
    public void Options_Validate_RejectsBadValues()
    {
        var ok = new EntropyDrivenMonteCarloOptions();
        ok.Validate();
        Assert.Throws<ArgumentOutOfRangeException>(() => (ok with { SweepsPerRun = 0 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (ok with { SweepsPerRun = double.NaN }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (ok with { GammaInterval = 0 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (ok with { Gamma = Ramp.Linear(-1, 2) }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (ok with { Y = Ramp.Geometric(0, 2) }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new EntropyDrivenMonteCarlo(ok with { Bp = new BeliefPropagationOptions { MaxIterations = 0 } }));
    }
}
