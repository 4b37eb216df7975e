using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LocalEntropy.IO;
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
        var command = new Command("solve", "find weights with zero training errors");
        var source = new ProblemSource();
        source.AddTo(command);
        var algorithm = new Option<string>("--algorithm", "-a")
        {
            Description = $"solver: {string.Join(", ", SolverCatalog.Names)}",
            DefaultValueFactory = _ => "rsgd",
        };
        algorithm.AcceptOnlyFromAmong(SolverCatalog.Names);
        var seed = CommonOptions.Seed("seed for the generated instance (stream 0) and the solver (stream 1)");
        var maxSeconds = CommonOptions.PositiveDouble("--max-seconds", "wall-clock budget in seconds (default 60; 300 for edmc)");
        var maxIterations = new Option<long?>("--max-iterations") { Description = "iteration budget (sweeps for sa/rmc, epochs for rsgd, BP sweeps for fbp/bp-r, proposals for edmc); default: none" };
        maxIterations.Validators.Add(r =>
        {
            if (CommonOptions.TryValue(r, out long? v) && v < 1) r.AddError($"--max-iterations must be at least 1, got {v}");
        });
        var energy = new Option<string?>("--energy") { Description = "move energy for sa/rmc: errors or hinge (default: sa hinge k=4, rmc hinge k=0)" };
        energy.AcceptOnlyFromAmong("errors", "hinge");
        var margin = new Option<int?>("--margin") { Description = "hinge margin k on the integer field W·x (with --energy hinge)" };
        var replicas = new Option<int?>("--replicas", "-y") { Description = "number of replicas y for rmc/rsgd (default 7)" };
        replicas.Validators.Add(r =>
        {
            if (CommonOptions.TryValue(r, out int? v) && v < 1) r.AddError($"--replicas must be at least 1, got {v}");
        });
        var protocol = new Option<string?>("--protocol") { Description = $"focusing protocol of fbp: {string.Join(", ", SolverCatalog.Protocols)} (default pseudo-reinforcement)" };
        protocol.AcceptOnlyFromAmong(SolverCatalog.Protocols);
        var chains = CommonOptions.PositiveInt("--chains", "independent chains run in parallel; the first to solve (in iterations) wins", 2);
        var threads = CommonOptions.PositiveInt("--threads", "threads for the chains (results do not depend on it)", Environment.ProcessorCount);
        var json = CommonOptions.Json();
        var output = CommonOptions.OutputFile("--out", "write the best weights found to this file (+/- string)");
        foreach (Option o in new Option[] { algorithm, seed, maxSeconds, maxIterations, energy, margin, replicas, protocol, chains, threads, json, output })
        {
            command.Options.Add(o);
        }

        command.SetAction(parsed =>
        {
            ulong s = parsed.GetValue(seed);
            string name = parsed.GetValue(algorithm)!;
            // EdMC runs one BP sweep per proposal and needs a few N proposals: it gets a longer default budget.
            double seconds = parsed.GetResult(maxSeconds) is { Implicit: false } ? parsed.GetValue(maxSeconds) : name == "edmc" ? 300 : 60;
            var choice = new SolverChoice(
                name,
                new SolverLimits
                {
                    TimeLimit = TimeSpan.FromSeconds(seconds),
                    MaxIterations = parsed.GetValue(maxIterations) ?? long.MaxValue,
                },
                ParseEnergy(parsed.GetValue(energy), parsed.GetValue(margin)),
                parsed.GetValue(replicas),
                parsed.GetValue(chains),
                parsed.GetValue(threads),
                parsed.GetValue(protocol));
            var run = new RunSettings(choice, s, seconds, parsed.GetValue(json), parsed.GetValue(output));
            return source.LoadCommittee(parsed, s) is { } committee ? Run(committee, run) : Run(source.Load(parsed, s), run);
        });
        return command;
    }

    private sealed record RunSettings(SolverChoice Choice, ulong Seed, double MaxSeconds, bool Json, FileInfo? Output);

    private static int Run<TProblem>(TProblem problem, RunSettings run)
        where TProblem : class, IFlipProblem
    {
        SolverChoice choice = SolverCatalog.ForProblem<TProblem>(run.Choice);
        ISolver<TProblem> solver = SolverCatalog.Create<TProblem>(choice);
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
                else WeightsFile.Write(result.Best, w);
            });
        }
        var report = SolveReport.From(solver.Name, SolverCatalog.EnergyDescription(choice), problem, run.Seed, result);
        if (run.Json) Console.Out.WriteLine(JsonSerializer.Serialize(report, SolveReport.JsonOptions));
        else Console.Out.WriteLine(report.ToText());
        return result.StopReason == StopReason.Cancelled ? LentApp.Interrupted
            : result.Solved ? LentApp.Ok : LentApp.NotReached;
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

/// <summary>The result of `lent solve`, as printed (text or JSON).</summary>
internal sealed record SolveReport(
    string Algorithm,
    string Energy,
    int N,
    int K,
    int P,
    double Alpha,
    ulong Seed,
    bool Solved,
    int Errors,
    long Iterations,
    int Restarts,
    double Seconds,
    string StopReason,
    double? GeneralizationError,
    string Weights)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Keep '+' readable in the weights string; the output is never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The report for a perceptron (K = 1) or a committee machine; N counts the inputs of one unit.</summary>
    public static SolveReport From(string algorithm, string energy, IFlipProblem problem, ulong seed, SolveResult r)
    {
        (int n, int k, double alpha, double? generalization) = problem switch
        {
            Perceptron p => (p.N, 1, p.Alpha, p.Teacher is null ? (double?)null : p.GeneralizationError(r.Best)),
            CommitteeMachine c => (c.N, c.K, c.Alpha, null),
            _ => (problem.Size, 1, (double)problem.Constraints / problem.Size, null),
        };
        return new(
            algorithm, energy, n, k, problem.Constraints, alpha, seed, r.Solved, r.Errors, r.Iterations, r.Restarts,
            Math.Round(r.Elapsed.TotalSeconds, 4), JsonNamingPolicy.CamelCase.ConvertName(r.StopReason.ToString()),
            generalization, r.Best.ToPlusMinus());
    }

    public string ToText()
    {
        string outcome = Solved ? "solved" : $"{Errors} errors left";
        string generalization = GeneralizationError is double g ? FormattableString.Invariant($"; generalization error {g:F4}") : "";
        return FormattableString.Invariant(
            $"{Algorithm} on N={N}{(K > 1 ? $" K={K}" : "")} P={P} (α={Alpha:G4}), seed {Seed}: {outcome} after {Iterations} iterations, {Restarts} restarts, {Seconds:F2} s; stopped: {StopReason}{generalization}");
    }
}
