using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests;

/// <summary>
/// ALGORITHMS.md §2, §3.2: the robust-ensemble term −(1/β) Σ_j log 2cosh(γ S_j) rewards replicas that agree. Its
/// acceptance factors are private to the solver, so the direction is checked through the outcome: the same
/// replicas with the coupling switched off (γ = 0) are y independent annealers, which get stuck at this load.
/// </summary>
public class ReplicatedMonteCarloCouplingTests
{
    [Fact]
    public void Solve_WithCoupling_SolvesWhereUncoupledReplicasGetStuck()
    {
        // N = 301, α = 0.65, one run of 1500 sweeps on the hinge with margin 0: measured coupled 4/4 solved in about
        // 1050 sweeps, uncoupled 0/4 with 2–6 errors left. (With the default margin 2 independent annealers get
        // further, and the test would compare the energies rather than the coupling.)
        const int n = 301, sweeps = 1500;
        var coupledErrors = new List<int>();
        var freeErrors = new List<int>();
        for (ulong seed = 1; seed <= 3; seed++)
        {
            Perceptron problem = PerceptronGenerator.Random(n, PerceptronGenerator.PatternCount(n, 0.65), new Rng(seed));
            var limits = new SolverLimits { MaxIterations = sweeps };
            var coupled = new ReplicatedMonteCarloOptions { Energy = MoveEnergy.Hinge(0), SweepsPerRun = sweeps, Limits = limits };
            SolveResult withCoupling = new ReplicatedMonteCarlo(coupled).Solve(problem, new Rng(seed + 100));
            SolveResult without = new ReplicatedMonteCarlo(coupled with { Gamma = Ramp.Constant(0) }).Solve(problem, new Rng(seed + 100));
            coupledErrors.Add(withCoupling.Errors);
            freeErrors.Add(without.Errors);
        }
        string summary = $"errors left, coupled: [{string.Join(", ", coupledErrors)}], uncoupled: [{string.Join(", ", freeErrors)}]";
        Assert.True(coupledErrors.All(e => e == 0), summary);
        Assert.True(freeErrors.Count(e => e == 0) <= 1, summary);
    }

    [Fact]
    public void Beta_OnThePerceptron_RunsAtTheRampTimesSqrtOfReferenceOverSize()
    {
        // Same seed, same moves: a reference size of 1001 at N = 301 must behave exactly as no rescaling with β
        // multiplied by √(1001/301) by hand.
        const int n = 301;
        Perceptron problem = PerceptronGenerator.Random(n, PerceptronGenerator.PatternCount(n, 0.65), new Rng(5));
        var limits = new SolverLimits { MaxIterations = 200 };
        double scale = Math.Sqrt(1001.0 / n);
        var scaled = new ReplicatedMonteCarloOptions { Beta = Ramp.Constant(0.5), Limits = limits };
        var byHand = scaled with { Beta = Ramp.Constant(scale * 0.5), BetaReferenceSize = null };
        var unscaled = scaled with { BetaReferenceSize = null };

        SolveResult a = new ReplicatedMonteCarlo(scaled).Solve(problem, new Rng(9));
        SolveResult b = new ReplicatedMonteCarlo(byHand).Solve(problem, new Rng(9));
        SolveResult c = new ReplicatedMonteCarlo(unscaled).Solve(problem, new Rng(9));

        Assert.Equal(scale, new ReplicatedMonteCarlo(scaled).BetaScale(n), 12);
        Assert.Equal(1.0, new ReplicatedMonteCarlo(unscaled).BetaScale(n));
        Assert.Equal(0.5, new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions()).BetaScale(4004), 12);
        Assert.Equal(Path(b), Path(a));
        Assert.Equal(b.Iterations, a.Iterations);
        Assert.NotEqual(Path(c), Path(a));
    }

    [Fact]
    public void Restart_OnThePerceptronAboveReferenceSize_RunsAtLeastInProportionToSize()
    {
        // Same seed, same moves: at N = 301 with a reference size of 100, the runs are 100 and then max(150, 301)
        // sweeps, as with no rule and a restart growth of 3.01 set by hand; α = 0.8 does not solve in the 401 sweeps.
        const int n = 301;
        Perceptron problem = PerceptronGenerator.Random(n, PerceptronGenerator.PatternCount(n, 0.8), new Rng(6));
        var limits = new SolverLimits { MaxIterations = 401 };
        var ruled = new ReplicatedMonteCarloOptions { SweepsPerRun = 100, RestartReferenceSize = 100, ReheatTo = null, Limits = limits };
        var byHand = ruled with { RestartGrowth = 3.01, RestartReferenceSize = null };
        var plain = ruled with { RestartReferenceSize = null };

        SolveResult a = new ReplicatedMonteCarlo(ruled).Solve(problem, new Rng(9));
        SolveResult b = new ReplicatedMonteCarlo(byHand).Solve(problem, new Rng(9));
        SolveResult c = new ReplicatedMonteCarlo(plain).Solve(problem, new Rng(9));

        Assert.Equal(301, new ReplicatedMonteCarlo(ruled).RestartFloor(n), 12);
        Assert.Equal(0, new ReplicatedMonteCarlo(plain).RestartFloor(n));
        Assert.Equal(0, new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions()).RestartFloor(1001));
        Assert.Equal(4000, new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions()).RestartFloor(4004), 12);
        Assert.Equal(0, new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions()).RestartFloor(2002));
        Assert.Equal(1, a.Restarts);
        Assert.Equal(Path(b), Path(a));
        Assert.Equal(b.Best, a.Best);
        Assert.NotEqual(Path(c), Path(a));
    }

    [Fact]
    public void Reheat_KeepsTheReplicas()
    {
        // With constant β and γ a reheat from 0 that keeps the replicas is one longer run: 100 runs of 2 sweeps joined
        // by reheats walk exactly as one run of 200, while restarts from random replicas never get past what 2 or 3
        // sweeps reach. α = 0.8 keeps the instance unsolved.
        const int n = 301;
        Perceptron problem = PerceptronGenerator.Random(n, PerceptronGenerator.PatternCount(n, 0.8), new Rng(6));
        var limits = new SolverLimits { MaxIterations = 200 };
        var reheated = new ReplicatedMonteCarloOptions
        {
            Beta = Ramp.Constant(1), Gamma = Ramp.Constant(0.5), SweepsPerRun = 2, ReheatTo = 0, Reheats = 1000,
            ReheatErrors = int.MaxValue, Limits = limits,
        };
        var oneRun = reheated with { SweepsPerRun = 200 };
        var restarted = reheated with { ReheatTo = null, RestartGrowth = 1 };

        SolveResult a = new ReplicatedMonteCarlo(reheated).Solve(problem, new Rng(9));
        SolveResult b = new ReplicatedMonteCarlo(oneRun).Solve(problem, new Rng(9));
        SolveResult c = new ReplicatedMonteCarlo(restarted).Solve(problem, new Rng(9));

        Assert.Equal(StopReason.MaxIterations, a.StopReason);
        Assert.Equal(99, a.Restarts);
        Assert.Equal(0, b.Restarts);
        Assert.Equal(Path(b), Path(a));
        Assert.Equal(b.Best, a.Best);
        Assert.NotEqual(Path(c), Path(a));
    }

    [Theory]
    [InlineData(100, 0)]
    [InlineData(101, 1)]
    [InlineData(125, 1)]
    [InlineData(126, 2)]
    [InlineData(150, 2)]
    [InlineData(151, 3)]
    [InlineData(250, 3)]
    [InlineData(251, 4)]
    [InlineData(276, 5)]
    public void Reheat_RunsTheRestOfTheScheduleThenRestarts(int sweeps, int restarts)
    {
        // Runs of 100 sweeps (no growth), reheats to 0.75 of 25 sweeps, two in a row, then a fresh run: the schedule
        // ends at sweeps 100, 125, 150, 250, 275, 300, …; each end before the budget counts one restart (a run that
        // ends on the budget stops there).
        const int n = 301;
        Perceptron problem = PerceptronGenerator.Random(n, PerceptronGenerator.PatternCount(n, 1.5), new Rng(6));
        var options = new ReplicatedMonteCarloOptions
        {
            SweepsPerRun = 100, RestartGrowth = 1, RestartReferenceSize = null, ReheatTo = 0.75, Reheats = 2,
            ReheatErrors = int.MaxValue, Limits = new SolverLimits { MaxIterations = sweeps },
        };

        SolveResult r = new ReplicatedMonteCarlo(options).Solve(problem, new Rng(9));

        Assert.Equal(StopReason.MaxIterations, r.StopReason);
        Assert.Equal(sweeps, r.Iterations);
        Assert.Equal(restarts, r.Restarts);
    }

    [Fact]
    public void Reheat_NotWhenTheRunEndedWithMoreErrorsThanAllowed()
    {
        // At α = 1.5 every run ends with many errors, so a threshold of 1 turns every reheat into a restart.
        const int n = 301;
        Perceptron problem = PerceptronGenerator.Random(n, PerceptronGenerator.PatternCount(n, 1.5), new Rng(6));
        var limits = new SolverLimits { MaxIterations = 250 };
        var strict = new ReplicatedMonteCarloOptions { SweepsPerRun = 100, ReheatTo = 0.75, ReheatErrors = 1, Limits = limits };
        var never = strict with { ReheatTo = null };

        SolveResult a = new ReplicatedMonteCarlo(strict).Solve(problem, new Rng(9));
        SolveResult b = new ReplicatedMonteCarlo(never).Solve(problem, new Rng(9));

        Assert.Equal(Path(b), Path(a));
        Assert.Equal(b.Restarts, a.Restarts);
        Assert.Equal(1, a.Restarts);
    }

    /// <summary>The trace's improvements (iteration, errors); the trace also holds points taken by the clock.</summary>
    private static (long, int)[] Path(SolveResult r)
    {
        var path = new List<(long, int)>();
        int best = int.MaxValue;
        foreach (TracePoint p in r.Trace)
        {
            if (p.Errors >= best) continue;
            best = p.Errors;
            path.Add((p.Iteration, p.Errors));
        }
        return [.. path];
    }

    [Fact]
    public void Energy_ByDefault_IsTheHingeWithMarginTwoOnTheBinaryPerceptronOnly()
    {
        Perceptron problem = PerceptronGenerator.Random(101, 71, new Rng(4));
        var defaults = new ReplicatedMonteCarloOptions { Limits = new SolverLimits { MaxIterations = 30 } };
        Assert.Null(defaults.Energy);
        Assert.Equal(MoveEnergy.Hinge(2), defaults.EnergyFor(problem));
        Assert.Equal(MoveEnergy.Hinge(0), defaults.EnergyFor(new LevelPerceptron(problem, 2)));
        Assert.Equal(MoveEnergy.Errors, (defaults with { Energy = MoveEnergy.Errors }).EnergyFor(problem));

        // The solver walks on the energy EnergyFor names: the default run is the explicit margin-2 run, move for move.
        SolveResult byDefault = new ReplicatedMonteCarlo(defaults).Solve(problem, new Rng(6));
        SolveResult marginTwo = new ReplicatedMonteCarlo(defaults with { Energy = MoveEnergy.Hinge(2) }).Solve(problem, new Rng(6));
        SolveResult marginZero = new ReplicatedMonteCarlo(defaults with { Energy = MoveEnergy.Hinge(0) }).Solve(problem, new Rng(6));
        Assert.Equal(marginTwo.Best, byDefault.Best);
        Assert.Equal(marginTwo.Iterations, byDefault.Iterations);
        Assert.NotEqual(marginZero.Best, byDefault.Best);
    }
}
