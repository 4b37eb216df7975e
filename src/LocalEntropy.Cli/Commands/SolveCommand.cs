using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LocalEntropy.Experiments;
using LocalEntropy.IO;
using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Cli.Output;
using LocalEntropy.Solvers;

namespace LocalEntropy.Cli.Commands;

/// <summary>`lent solve`: runs one algorithm on one instance; exit 0 when solved, 1 when not.</summary>
internal static class SolveCommand
{
    public static Command Build()
    {
        var command = new Command("solve", "find a configuration with zero errors: weights that classify every pattern, or an assignment that satisfies every clause");
        var source = new ProblemSource(formulas: true);
        source.AddTo(command);
        source.AddLevelsTo(command);
        var settings = new SettingsOptions();
        var algorithm = new Option<string?>("--algorithm", "-a")
        {
            Description = $"solver (default: rsgd for the perceptron, fbp for the committee, walksat for K-SAT); by problem: {SolverCatalog.Matrix()}",
        };
        algorithm.AcceptOnlyFromAmong(SolverCatalog.Names);
        var seed = CommonOptions.Seed("seed for the generated instance (stream 0) and the solver (stream 1)");
        var maxSeconds = CommonOptions.PositiveDouble("--max-seconds", "wall-clock budget in seconds (default 60; 300 for edmc, 900 for famp)");
        var maxIterations = CommonOptions.MaxIterations();
        var energy = new Option<string?>("--energy") { Description = "move energy for sa/rmc: errors or hinge (default: perceptron sa hinge k=4, rmc hinge k=2, on --levels k=0; committee hinge; K-SAT errors)" };
        energy.AcceptOnlyFromAmong("errors", "hinge");
        var margin = new Option<int?>("--margin") { Description = "hinge margin k on the integer field W·x (with --energy hinge)" };
        var replicas = new Option<int?>("--replicas", "-y") { Description = "number of replicas y for rmc/rsgd (default 7)" };
        replicas.Validators.Add(r =>
        {
            if (CommonOptions.TryValue(r, out int? v) && v < 1) r.AddError($"--replicas must be at least 1, got {v}");
        });
        var protocol = new Option<string?>("--protocol") { Description = $"focusing protocol of fbp and famp: {string.Join(", ", SolverCatalog.Protocols)} (default: pseudo-reinforcement for fbp, standard-reinforcement for famp)" };
        protocol.AcceptOnlyFromAmong([.. SolverCatalog.Protocols]);
        var chains = CommonOptions.PositiveInt("--chains", "independent chains run in parallel; the first to solve (in iterations) wins (default 2; 1 for famp)", 2);
        var threads = CommonOptions.PositiveInt("--threads", "threads for the chains (results do not depend on it)", Environment.ProcessorCount);
        var json = CommonOptions.Json();
        var dimacs = new Option<bool>("--dimacs") { Description = "K-SAT: print the answer as a SAT solver does ('s SATISFIABLE' and a 'v … 0' line, or 's UNKNOWN')" };
        var output = CommonOptions.OutputFile("--out", "write the best weights (or assignment) found to this file (+/- string; with --levels, the numerators)");
        foreach (Option o in new Option[] { algorithm, seed, maxSeconds, maxIterations, energy, margin, replicas, protocol, chains, threads, json, dimacs, output })
        {
            command.Options.Add(o);
        }
        settings.AddTo(command);

        command.SetAction(parsed =>
        {
            ulong s = parsed.GetValue(seed);
            object problem = (object?)source.LoadLevels(parsed, s) ?? source.LoadAny(parsed, s);
            string name = parsed.GetValue(algorithm) ?? problem switch
            {
                CommitteeMachine => "fbp",
                KSat => "walksat",
                _ => "rsgd",
            };
            string? requested = null;
            if (problem is Perceptron large && SolverCatalog.LargePerceptronSwitch(name, large.N, large.P) is { } switched)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"lent solve: {name} would need {FocusingAmp.DenseBpBytes(large.N, large.P) / 1e9:F1} GB of dense BP messages at N = {large.N}, P = {large.P}; running {switched} (focusing AMP) instead"));
                (requested, name) = (name, switched);
            }
            if (parsed.GetValue(dimacs) && problem is not KSat) throw new UsageException("--dimacs is the answer format of K-SAT (--cnf or --problem ksat)");
            if (parsed.GetValue(dimacs) && parsed.GetValue(json)) throw new UsageException("give --dimacs or --json, not both");
            double seconds = parsed.GetResult(maxSeconds) is { Implicit: false } ? parsed.GetValue(maxSeconds) : SolverCatalog.DefaultSeconds(name);
            var choice = new SolverChoice(
                name,
                SolverCatalog.Limits(seconds, parsed.GetValue(maxIterations)),
                ParseEnergy(parsed.GetValue(energy), parsed.GetValue(margin)),
                parsed.GetValue(replicas),
                // One famp chain gets both cores: every iteration streams all the patterns, and the run is deterministic anyway.
                name == "famp" && parsed.GetResult(chains) is not { Implicit: false } ? 1 : parsed.GetValue(chains),
                parsed.GetValue(threads),
                parsed.GetValue(protocol)) { Settings = settings.Read(parsed) };
            var run = new RunSettings(choice, requested, s, seconds, parsed.GetValue(json) ? Format.Json : parsed.GetValue(dimacs) ? Format.Dimacs : Format.Text, parsed.GetValue(output));
            return problem switch
            {
                CommitteeMachine committee => Run(committee, run),
                KSat formula => Run(formula, run),
                LevelPerceptron levels => Run(levels, run),
                _ => Run((Perceptron)problem, run),
            };
        });
        return command;
    }

    private enum Format
    {
        Text,
        Json,
        Dimacs,
    }

    private sealed record RunSettings(SolverChoice Choice, string? Requested, ulong Seed, double MaxSeconds, Format Format, FileInfo? Output);

    private static int Run<TProblem>(TProblem problem, RunSettings run)
        where TProblem : class
    {
        SolverSetup setup = SolverCatalog.Configure(run.Choice, SolverCatalog.KindOf<TProblem>());
        ISolver<TProblem> solver = SolverCatalog.Create<TProblem>(setup);
        SolveResult result;
        using (var interrupt = new ConsoleInterrupt())
        {
            result = ConsoleProgress.RunSolver(
                solver.Name,
                run.MaxSeconds,
                progress => solver.Solve(problem, new Rng(run.Seed).Fork(1), progress, interrupt.Token));
        }

        if (run.Output is { } outFile)
        {
            AtomicFile.Write(outFile.FullName, w =>
            {
                if (problem is CommitteeMachine c) WeightsFile.WriteUnits(result.Best, c.K, w);
                else if (result.Levels is { } levels) WeightsFile.Write(levels, w);
                else WeightsFile.Write(result.Best, w);
            });
        }
        string energy = SolverCatalog.EnergyDescription(setup.Options, problem);
        var report = (problem is LevelPerceptron levelProblem
            ? SolveReport.From(solver.Name, energy, levelProblem, run.Seed, result, setup.Chains, setup.OptionsJson)
            : SolveReport.From(solver.Name, energy, (IFlipProblem)problem, run.Seed, result, setup.Chains, setup.OptionsJson) with { RequestedAlgorithm = run.Requested })
            with { PeakWorkingSetBytes = PeakWorkingSet() };
        Console.Out.WriteLine(run.Format switch
        {
            Format.Json => JsonSerializer.Serialize(report, SolveReport.JsonOptions),
            Format.Dimacs => Dimacs(result),
            _ => report.ToText(),
        });
        return result.StopReason == StopReason.Cancelled ? LentApp.Interrupted
            : result.Solved ? LentApp.Ok : LentApp.NotReached;
    }

    /// <summary>The process's peak resident set so far: on Linux .NET reads it from VmHWM in /proc/self/status.</summary>
    private static long PeakWorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    /// <summary>The answer lines of a SAT solver: the status, and the model as signed 1-based literals ending in 0.</summary>
    private static string Dimacs(SolveResult result)
    {
        if (!result.Solved) return "s UNKNOWN";
        var model = new System.Text.StringBuilder("s SATISFIABLE\nv");
        for (int i = 0; i < result.Best.Length; i++) model.Append(' ').Append(result.Best[i] > 0 ? i + 1 : -(i + 1));
        return model.Append(" 0").ToString();
    }

    private static MoveEnergy? ParseEnergy(string? kind, int? margin)
    {
        if (margin is int m && m < 0) throw new UsageException($"--margin must be >= 0, got {m}");
        return kind switch
        {
            null when margin is null => null,
            null or "hinge" => MoveEnergy.Hinge(margin ?? 0),
            "errors" when margin is null => MoveEnergy.Errors,
            "errors" => throw new UsageException("--margin goes with --energy hinge, not errors"),
            _ => throw new UsageException($"unknown energy '{kind}'"),
        };
    }
}
