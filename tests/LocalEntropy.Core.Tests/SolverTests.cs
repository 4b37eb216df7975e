using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Core.Tests;

public class SolverTests
{
    private static readonly SolverLimits Budget = new() { MaxIterations = 20_000 };

    public static TheoryData<string> Names => ["sa", "sa-errors", "rmc", "rmc-y1", "rsgd"];

    private static ISolver<Perceptron> Create(string name, SolverLimits limits) => name switch
    {
        "sa" => new SimulatedAnnealing(new SimulatedAnnealingOptions { Limits = limits }),
        "sa-errors" => new SimulatedAnnealing(new SimulatedAnnealingOptions { Energy = MoveEnergy.Errors, Limits = limits }),
        "rmc" => new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions { Limits = limits }),
        "rmc-y1" => new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions { Replicas = 1, Limits = limits }),
        "rsgd" => new ReplicatedSgd(new ReplicatedSgdOptions { Limits = limits }),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    /// <summary>Same solver with one restart per iteration.</summary>
    private static ISolver<Perceptron> CreateOneIterationRuns(string name, SolverLimits limits) => name switch
    {
        "sa" => new SimulatedAnnealing(new SimulatedAnnealingOptions { SweepsPerRun = 1, RestartGrowth = 1, Limits = limits }),
        "sa-errors" => new SimulatedAnnealing(new SimulatedAnnealingOptions { Energy = MoveEnergy.Errors, SweepsPerRun = 1, RestartGrowth = 1, Limits = limits }),
        "rmc" => new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions { SweepsPerRun = 1, RestartGrowth = 1, Limits = limits }),
        "rmc-y1" => new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions { Replicas = 1, SweepsPerRun = 1, RestartGrowth = 1, Limits = limits }),
        "rsgd" => new ReplicatedSgd(new ReplicatedSgdOptions { EpochsPerRun = 1, Limits = limits }),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    private static Perceptron Easy(ulong seed = 1) => PerceptronGenerator.Random(101, PerceptronGenerator.PatternCount(101, 0.3), new Rng(seed));

    private static Perceptron Hard() => PerceptronGenerator.Random(201, PerceptronGenerator.PatternCount(201, 0.8), new Rng(4));

    /// <summary>The hard instance plus its first pattern with the opposite label: no configuration has zero errors.</summary>
    private static Perceptron Unsolvable()
    {
        Perceptron hard = Hard();
        SpinVector[] inputs = [.. Enumerable.Range(0, hard.P).Select(hard.Input), hard.Input(0)];
        int[] labels = [.. Enumerable.Range(0, hard.P).Select(hard.Label), -hard.Label(0)];
        return new Perceptron(inputs, labels);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Solve_EasyInstance_FindsRecomputedZeroErrorSolution(string name)
    {
        Perceptron problem = Easy();
        Assert.Equal(30, problem.P);
        SolveResult r = Create(name, Budget).Solve(problem, new Rng(2));
        Assert.Equal(StopReason.Solved, r.StopReason);
        Assert.Equal(0, problem.Errors(r.Best));
        Assert.Equal(problem.Errors(r.Best), r.Errors);
        Assert.True(r.Solved);
        Assert.Equal(101, r.Best.Length);
        Assert.InRange(r.Iterations, 1, Budget.MaxIterations - 1);
        Assert.NotEmpty(r.Trace);
        Assert.Equal(0, r.Trace[^1].Errors);
        Assert.Equal(r.Iterations, r.Trace[^1].Iteration);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Solve_TeacherStudentInstance_FindsSolution(string name)
    {
        Perceptron problem = PerceptronGenerator.TeacherStudent(101, 40, new Rng(3));
        SolveResult r = Create(name, Budget).Solve(problem, new Rng(4));
        Assert.Equal(StopReason.Solved, r.StopReason);
        Assert.Equal(0, problem.Errors(r.Best));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Solve_SameSeed_IdenticalResult_DifferentSeedDiffers(string name)
    {
        Perceptron problem = PerceptronGenerator.Random(201, 150, new Rng(3));
        var limits = new SolverLimits { MaxIterations = 30 };
        SolveResult a = Create(name, limits).Solve(problem, new Rng(9));
        SolveResult b = Create(name, limits).Solve(problem, new Rng(9));
        SolveResult c = Create(name, limits).Solve(problem, new Rng(10));
        Assert.Equal(a.Best, b.Best);
        Assert.Equal(a.Errors, b.Errors);
        Assert.Equal(a.Iterations, b.Iterations);
        Assert.Equal(a.Restarts, b.Restarts);
        Assert.Equal(a.StopReason, b.StopReason);
        Assert.NotEqual(a.Best, c.Best);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Solve_SameSeedUntilSolved_IdenticalResult(string name)
    {
        Perceptron problem = Easy(5);
        SolveResult a = Create(name, Budget).Solve(problem, new Rng(6));
        SolveResult b = Create(name, Budget).Solve(problem, new Rng(6));
        Assert.Equal(StopReason.Solved, a.StopReason);
        Assert.Equal(a.Best, b.Best);
        Assert.Equal(a.Iterations, b.Iterations);
        Assert.Equal(a.Errors, b.Errors);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Solve_TinyBudgetOnHardInstance_StopsAtMaxIterationsWithRecomputedErrors(string name)
    {
        Perceptron problem = Hard();
        Assert.Equal(161, problem.P);
        SolveResult r = Create(name, new SolverLimits { MaxIterations = 3 }).Solve(problem, new Rng(5));
        Assert.Equal(StopReason.MaxIterations, r.StopReason);
        Assert.Equal(3, r.Iterations);
        Assert.False(r.Solved);
        Assert.True(r.Errors > 0);
        Assert.Equal(problem.Errors(r.Best), r.Errors);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Solve_CancelledToken_StopsAsCancelled(string name)
    {
        Perceptron problem = Hard();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        SolveResult r = Create(name, Budget).Solve(problem, new Rng(5), null, cts.Token);
        Assert.Equal(StopReason.Cancelled, r.StopReason);
        Assert.Equal(1, r.Iterations);
        Assert.Equal(problem.Errors(r.Best), r.Errors);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Solve_CancelledWhileRunning_StopsAsCancelled(string name)
    {
        Perceptron problem = Unsolvable();
        using var cts = new CancellationTokenSource();
        // Cancel from the progress callback once the run is under way (reports are synchronous).
        var progress = new Callback(p =>
        {
            if (p.Iteration >= 2) cts.Cancel();
        });
        SolveResult r = Create(name, new SolverLimits { MaxIterations = 1_000_000 }).Solve(problem, new Rng(5), progress, cts.Token);
        Assert.Equal(StopReason.Cancelled, r.StopReason);
        Assert.InRange(r.Iterations, 2, 999_999);
        Assert.Equal(problem.Errors(r.Best), r.Errors);
    }

    [Fact]
    public void Solve_TimeLimit_StopsAsTimeLimit()
    {
        Perceptron problem = Unsolvable();
        var solver = new SimulatedAnnealing(new SimulatedAnnealingOptions
        {
            Energy = MoveEnergy.Errors,
            Limits = new SolverLimits { TimeLimit = TimeSpan.FromMilliseconds(200), MaxIterations = long.MaxValue },
        });
        SolveResult r = solver.Solve(problem, new Rng(1));
        Assert.Equal(StopReason.TimeLimit, r.StopReason);
        Assert.InRange(r.Elapsed.TotalSeconds, 0.2, 5);
        Assert.Equal(problem.Errors(r.Best), r.Errors);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Solve_OneIterationRuns_RestartAfterEveryUnsolvedIteration(string name)
    {
        Perceptron problem = Hard();
        SolveResult r = CreateOneIterationRuns(name, new SolverLimits { MaxIterations = 6 }).Solve(problem, new Rng(7));
        Assert.Equal(StopReason.MaxIterations, r.StopReason);
        Assert.Equal(5, r.Restarts);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Solve_ResultSolved_IffStopReasonSolved_OnTinyInstances(string name)
    {
        // Tiny instances are often solved by the random start itself; the stop reason must still say so.
        var mismatches = new List<string>();
        for (ulong seed = 0; seed < 40; seed++)
        {
            var rng = new Rng(seed);
            Perceptron problem = PerceptronGenerator.Random(5 + 2 * rng.NextInt(3), 1 + rng.NextInt(2), rng);
            SolveResult r = Create(name, new SolverLimits { MaxIterations = 1 }).Solve(problem, new Rng(100 + seed));
            Assert.Equal(problem.Errors(r.Best), r.Errors);
            if (r.Solved != (r.StopReason == StopReason.Solved)) mismatches.Add($"seed {seed}: errors {r.Errors}, stop {r.StopReason}");
        }
        Assert.True(mismatches.Count == 0, string.Join("; ", mismatches));
    }

    [Fact]
    public void SimulatedAnnealing_StartingAtASolution_StopsAsSolved()
    {
        // N = 3 with the three patterns "start with one spin flipped": the random start is the unique solution,
        // every flip from it breaks two patterns.
        for (ulong seed = 0; seed < 10; seed++)
        {
            SpinVector start = SpinVector.Random(3, new Rng(seed));
            var patterns = new SpinVector[3];
            for (int k = 0; k < 3; k++)
            {
                patterns[k] = start.Clone();
                patterns[k].Flip(k);
            }
            var problem = new Perceptron(patterns, [1, 1, 1]);
            Assert.Equal(0, problem.Errors(start));
            var sa = new SimulatedAnnealing(new SimulatedAnnealingOptions { Limits = new SolverLimits { MaxIterations = 1 } });
            SolveResult r = sa.Solve(problem, new Rng(seed));
            Assert.Equal(start, r.Best);
            Assert.True(r.StopReason == StopReason.Solved, $"seed {seed}: best has {r.Errors} errors but the run stopped with {r.StopReason}");
        }
    }

    [Fact]
    public void Solve_ReportsProgress_EndingWithZeroBestErrors()
    {
        Perceptron problem = Easy();
        var reports = new List<SolveProgress>();
        SolveResult r = new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions { Limits = Budget })
            .Solve(problem, new Rng(2), new Callback(reports.Add));
        Assert.NotEmpty(reports);
        Assert.Equal(0, reports[^1].BestErrors);
        Assert.Equal(0, reports[^1].Errors);
        Assert.Equal(r.Iterations, reports[^1].Iteration);
        for (int i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].Iteration > reports[i - 1].Iteration);
            Assert.True(reports[i].BestErrors <= reports[i - 1].BestErrors);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Solve_Trace_IsOrderedAndRecordsTheBestErrors(string name)
    {
        Perceptron problem = Hard();
        SolveResult r = Create(name, new SolverLimits { MaxIterations = 20 }).Solve(problem, new Rng(8));
        Assert.NotEmpty(r.Trace);
        for (int i = 1; i < r.Trace.Count; i++) Assert.True(r.Trace[i].Iteration > r.Trace[i - 1].Iteration);
        Assert.All(r.Trace, t => Assert.InRange(t.Errors, 0, problem.P));
        // The best configuration is at least as good as anything the trace saw.
        Assert.True(r.Errors <= r.Trace.Min(t => t.Errors), $"best {r.Errors}, trace minimum {r.Trace.Min(t => t.Errors)}");
    }

    [Fact]
    public void Solvers_HaveDistinctNames()
    {
        string[] names = [new SimulatedAnnealing(new()).Name, new ReplicatedMonteCarlo(new()).Name, new ReplicatedSgd(new()).Name];
        Assert.Equal(["sa", "rmc", "rsgd"], names);
    }

    [Theory]
    [InlineData("sa.SweepsPerRun=0", "SweepsPerRun")]
    [InlineData("sa.RestartGrowth=0.5", "RestartGrowth")]
    [InlineData("sa.RestartGrowth=NaN", "RestartGrowth")]
    [InlineData("sa.Energy=hinge(-2)", "Margin")]
    [InlineData("sa.Beta=geometric(0,2)", "Beta")]
    [InlineData("sa.Beta=linear(NaN,2)", "Beta")]
    [InlineData("sa.MaxIterations=0", "MaxIterations")]
    [InlineData("rmc.Replicas=0", "Replicas")]
    [InlineData("rmc.Replicas=-3", "Replicas")]
    [InlineData("rmc.Gamma=geometric(0,3)", "Gamma")]
    [InlineData("rmc.Beta=geometric(0.5,-1)", "Beta")]
    [InlineData("rmc.SweepsPerRun=0", "SweepsPerRun")]
    [InlineData("rmc.RestartGrowth=0.9", "RestartGrowth")]
    [InlineData("rmc.ReheatTo=1", "ReheatTo")]
    [InlineData("rmc.ReheatTo=NaN", "ReheatTo")]
    [InlineData("rmc.Reheats=-1", "Reheats")]
    [InlineData("rmc.ReheatErrors=0", "ReheatErrors")]
    [InlineData("rmc.Energy=errors(1)", "Margin")]
    [InlineData("rmc.TimeLimit=0", "TimeLimit")]
    [InlineData("rsgd.Replicas=0", "Replicas")]
    [InlineData("rsgd.BatchSize=0", "BatchSize")]
    [InlineData("rsgd.LearningRate=0", "LearningRate")]
    [InlineData("rsgd.LearningRate=NaN", "LearningRate")]
    [InlineData("rsgd.LearningRate=Infinity", "LearningRate")]
    [InlineData("rsgd.Coupling=-0.1", "Coupling")]
    [InlineData("rsgd.Coupling=NaN", "Coupling")]
    [InlineData("rsgd.GammaStart=-1", "GammaStart")]
    [InlineData("rsgd.GammaStep=-0.0001", "GammaStep")]
    [InlineData("rsgd.GammaStep=Infinity", "GammaStep")]
    [InlineData("rsgd.Margin=-1", "Margin")]
    [InlineData("rsgd.EpochsPerRun=0", "EpochsPerRun")]
    [InlineData("rsgd.MaxIterations=0", "MaxIterations")]
    [InlineData("rsgd.TimeLimit=-1", "TimeLimit")]
    public void Options_Validate_RejectsImpossibleSettings(string setting, string parameter)
    {
        Action validate = setting switch
        {
            "sa.SweepsPerRun=0" => new SimulatedAnnealingOptions { SweepsPerRun = 0 }.Validate,
            "sa.RestartGrowth=0.5" => new SimulatedAnnealingOptions { RestartGrowth = 0.5 }.Validate,
            "sa.RestartGrowth=NaN" => new SimulatedAnnealingOptions { RestartGrowth = double.NaN }.Validate,
            "sa.Energy=hinge(-2)" => new SimulatedAnnealingOptions { Energy = MoveEnergy.Hinge(-2) }.Validate,
            "sa.Beta=geometric(0,2)" => new SimulatedAnnealingOptions { Beta = Ramp.Geometric(0, 2) }.Validate,
            "sa.Beta=linear(NaN,2)" => new SimulatedAnnealingOptions { Beta = Ramp.Linear(double.NaN, 2) }.Validate,
            "sa.MaxIterations=0" => new SimulatedAnnealingOptions { Limits = new SolverLimits { MaxIterations = 0 } }.Validate,
            "rmc.Replicas=0" => new ReplicatedMonteCarloOptions { Replicas = 0 }.Validate,
            "rmc.Replicas=-3" => new ReplicatedMonteCarloOptions { Replicas = -3 }.Validate,
            "rmc.Gamma=geometric(0,3)" => new ReplicatedMonteCarloOptions { Gamma = Ramp.Geometric(0, 3) }.Validate,
            "rmc.Beta=geometric(0.5,-1)" => new ReplicatedMonteCarloOptions { Beta = Ramp.Geometric(0.5, -1) }.Validate,
            "rmc.SweepsPerRun=0" => new ReplicatedMonteCarloOptions { SweepsPerRun = 0 }.Validate,
            "rmc.RestartGrowth=0.9" => new ReplicatedMonteCarloOptions { RestartGrowth = 0.9 }.Validate,
            "rmc.ReheatTo=1" => new ReplicatedMonteCarloOptions { ReheatTo = 1 }.Validate,
            "rmc.ReheatTo=NaN" => new ReplicatedMonteCarloOptions { ReheatTo = double.NaN }.Validate,
            "rmc.Reheats=-1" => new ReplicatedMonteCarloOptions { Reheats = -1 }.Validate,
            "rmc.ReheatErrors=0" => new ReplicatedMonteCarloOptions { ReheatErrors = 0 }.Validate,
            "rmc.Energy=errors(1)" => new ReplicatedMonteCarloOptions { Energy = new MoveEnergy(MoveEnergyKind.Errors, 1) }.Validate,
            "rmc.TimeLimit=0" => new ReplicatedMonteCarloOptions { Limits = new SolverLimits { TimeLimit = TimeSpan.Zero } }.Validate,
            "rsgd.Replicas=0" => new ReplicatedSgdOptions { Replicas = 0 }.Validate,
            "rsgd.BatchSize=0" => new ReplicatedSgdOptions { BatchSize = 0 }.Validate,
            "rsgd.LearningRate=0" => new ReplicatedSgdOptions { LearningRate = 0 }.Validate,
            "rsgd.LearningRate=NaN" => new ReplicatedSgdOptions { LearningRate = double.NaN }.Validate,
            "rsgd.LearningRate=Infinity" => new ReplicatedSgdOptions { LearningRate = double.PositiveInfinity }.Validate,
            "rsgd.Coupling=-0.1" => new ReplicatedSgdOptions { Coupling = -0.1 }.Validate,
            "rsgd.Coupling=NaN" => new ReplicatedSgdOptions { Coupling = double.NaN }.Validate,
            "rsgd.GammaStart=-1" => new ReplicatedSgdOptions { GammaStart = -1 }.Validate,
            "rsgd.GammaStep=-0.0001" => new ReplicatedSgdOptions { GammaStep = -1e-4 }.Validate,
            "rsgd.GammaStep=Infinity" => new ReplicatedSgdOptions { GammaStep = double.PositiveInfinity }.Validate,
            "rsgd.Margin=-1" => new ReplicatedSgdOptions { Margin = -1 }.Validate,
            "rsgd.EpochsPerRun=0" => new ReplicatedSgdOptions { EpochsPerRun = 0 }.Validate,
            "rsgd.MaxIterations=0" => new ReplicatedSgdOptions { Limits = new SolverLimits { MaxIterations = 0 } }.Validate,
            "rsgd.TimeLimit=-1" => new ReplicatedSgdOptions { Limits = new SolverLimits { TimeLimit = TimeSpan.FromSeconds(-1) } }.Validate,
            _ => throw new ArgumentException(setting, nameof(setting)),
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(validate);
        Assert.Equal(parameter, e.ParamName);
    }

    [Fact]
    public void Constructors_ValidateOptions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedAnnealing(new SimulatedAnnealingOptions { SweepsPerRun = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions { Replicas = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicatedSgd(new ReplicatedSgdOptions { GammaStep = -1 }));
    }

    [Fact]
    public void Options_Defaults_AreValid()
    {
        new SimulatedAnnealingOptions().Validate();
        new ReplicatedMonteCarloOptions().Validate();
        new ReplicatedSgdOptions().Validate();
        new ReplicatedSgdOptions { Coupling = 0, GammaStart = 0, GammaStep = 0 }.Validate();
        Assert.Equal(7, new ReplicatedMonteCarloOptions().Replicas);
        Assert.Equal(7, new ReplicatedSgdOptions().Replicas);
    }

    private sealed class Callback(Action<SolveProgress> action) : IProgress<SolveProgress>
    {
        public void Report(SolveProgress value) => action(value);
    }
}
