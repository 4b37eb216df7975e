using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LocalEntropy.Cli.Output;
using LocalEntropy.Experiments;
using LocalEntropy.IO;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// `lent sweep`: every (N, α, algorithm, seed, swept setting) of a grid on a pool of workers, each finished run
/// stored at once, so that running the same command again after any interruption completes the grid; and the
/// export of stored runs.
/// </summary>
internal static class SweepCommand
{

    public static Command Build()
    {
        var command = new Command("sweep", "run every (N, α, algorithm, seed) of a grid on all cores, storing each finished run; resumable");
        var grid = new SweepGridOptions();
        var workers = Workers();
        var db = new Option<string>("--db")
        {
            Description = "results database: a SQLite file (created when missing) or postgresql://user@host/database",
            DefaultValueFactory = _ => "results.sqlite",
        };
        var name = Name("sweep name: run the same command again to resume it");
        var export = CommonOptions.OutputFile("--export", "write the stored runs (of --name when given, else all) to FILE.csv or FILE.json");
        var json = CommonOptions.Json();
        grid.AddTo(command);
        foreach (Option o in new Option[] { workers, db, name, export, json }) command.Options.Add(o);

        command.SetAction(parsed =>
        {
            string database = parsed.GetValue(db)!;
            FileInfo? exportFile = parsed.GetValue(export);
            if (exportFile is not null) _ = ExportFormat(exportFile);
            string? sweepName = parsed.GetResult(name) is { Implicit: false } ? parsed.GetValue(name) : null;
            if (!grid.Given(parsed))
            {
                if (exportFile is null) throw new UsageException("give --n, --alphas and --algorithms to run a sweep, or --export FILE to export stored runs");
                Export(database, sweepName, exportFile);
                return LentApp.Ok;
            }
            SweepGrid g = grid.Read(parsed, parsed.GetValue(name)!);
            IReadOnlyList<SweepPoint> points = SweepPlan.Points(g, Options);

            SweepSummary summary;
            string location;
            using (IRunStore store = RunStores.Open(database))
            using (var interrupt = new ConsoleInterrupt())
            {
                location = store.Location;
                summary = ConsoleProgress.RunCounted($"sweep {g.Name}", progress => SweepRunner.Run(
                    store, points, parsed.GetValue(workers), Run, Progress(progress), interrupt.Token));
            }
            Report(summary, g.Name, location, parsed.GetValue(json));
            if (exportFile is not null) Export(database, sweepName, exportFile);
            if (!summary.Interrupted) return LentApp.Ok;
            Console.Error.WriteLine($"lent: interrupted; {summary.StoredBefore + summary.Ran} of {summary.Points} runs stored, run the same command to continue");
            return LentApp.Interrupted;
        });
        command.Subcommands.Add(SweepQueueCommands.Plan());
        command.Subcommands.Add(SweepQueueCommands.Worker());
        command.Subcommands.Add(SweepQueueCommands.Slurm());
        return command;
    }

    /// <summary>--workers: runs at once, one per core unless told.</summary>
    public static Option<int> Workers() => CommonOptions.PositiveInt("--workers", "runs at once (default: one per core)", Environment.ProcessorCount);

    /// <summary>--name: the sweep whose points are run, stored, planned or claimed.</summary>
    public static Option<string> Name(string description) => new("--name") { Description = description, DefaultValueFactory = _ => "default" };

    /// <summary>The effective options of a point's recipe, as its `lent solve` command makes them: for planning and for workers.</summary>
    public static object Options(PointRecipe r, ICollection<Setting>? unknown)
    {
        var choice = new SolverChoice(
            r.Algorithm, SolverCatalog.Limits(r.Config.MaxSeconds ?? SolverCatalog.DefaultSeconds(r.Algorithm), r.Config.MaxIterations),
            Chains: r.Chains, Threads: r.Config.Threads) { Settings = r.Settings };
        object options = SolverCatalog.Configure(choice, r.Instance.Problem, unknown).Options;
        SolverCatalog.RequireSolves(r.Algorithm, r.Instance.Problem);
        if (r.Instance.Problem == ProblemKind.Perceptron) SolverCatalog.RequireDenseBpFits(r.Algorithm, r.Instance.N, r.Instance.Alpha);
        return options;
    }

    /// <summary>Sweep progress as a count with the solved runs, or null without a progress display.</summary>
    public static IProgress<SweepProgress>? Progress(IProgress<CountProgress>? inner) => inner is null ? null : new SolvedCount(inner);

    /// <summary>Runs one point exactly as its `lent solve` command would; null when cancellation cut it short.</summary>
    public static RunRecord? Run(SweepPoint point, IFlipProblem instance, CancellationToken ct)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        var setup = new SolverSetup(point.Algorithm, point.Options, point.Chains, point.Config.Threads);
        ulong seed = point.Instance.Seed;
        (string solver, SolveResult result, IFlipProblem problem) = instance switch
        {
            CommitteeMachine c => Solve(c, setup, seed, ct),
            KSat f => Solve(f, setup, seed, ct),
            var p => Solve((Perceptron)p, setup, seed, ct),
        };
        if (result.StopReason == StopReason.Cancelled) return null;
        var report = SolveReport.From(solver, SolverCatalog.EnergyDescription(point.Options, problem), problem, seed, result, point.Chains, point.OptionsJson);
        string command = SolveCommandLine.For(point, point.Config.Threads, point.Config.MaxSeconds ?? SolverCatalog.DefaultSeconds(point.Algorithm), point.Config.MaxIterations);
        return new RunRecord(point, report, command, LentApp.Version, Environment.MachineName, started, DateTimeOffset.UtcNow);
    }

    private static (string, SolveResult, IFlipProblem) Solve<TProblem>(TProblem problem, SolverSetup setup, ulong seed, CancellationToken ct)
        where TProblem : class, IFlipProblem
    {
        ISolver<TProblem> solver = SolverCatalog.Create<TProblem>(setup);
        return (solver.Name, solver.Solve(problem, new Rng(seed).Fork(1), null, ct), problem);
    }

    private static void Report(SweepSummary s, string sweep, string location, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                sweep, database = location, s.Points, s.StoredBefore, s.Ran, s.Solved, s.Remaining, s.Workers,
                RunSeconds = Math.Round(s.RunSeconds, 3), WallSeconds = Math.Round(s.WallSeconds, 3),
                Overhead = Math.Round(s.Overhead, 4), s.Interrupted,
            }, SolveReport.JsonOptions));
            return;
        }
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sweep {sweep}: {s.Points} points; {s.StoredBefore} stored before, {s.Ran} run now ({s.Solved} solved), {s.Remaining} left; " +
            $"{s.RunSeconds:F1} s of runs in {s.WallSeconds:F1} s on {s.Workers} workers (sweep overhead {100 * s.Overhead:F1} %); stored in {location}"));
    }

    private static string ExportFormat(FileInfo file) => file.Extension.ToLowerInvariant() switch
    {
        ".csv" => "csv",
        ".json" => "json",
        _ => throw new UsageException($"--export: {file} must end in .csv or .json"),
    };

    private static void Export(string database, string? sweep, FileInfo file)
    {
        RunTable table;
        using (IRunStore store = RunStores.Open(database, readOnly: true)) table = store.Runs(sweep);
        if (ExportFormat(file) == "csv")
        {
            AtomicFile.Write(file.FullName, w => RunExport.WriteCsv(table, w));
        }
        else
        {
            using var buffer = new MemoryStream();
            RunExport.WriteJson(table, buffer);
            AtomicFile.Write(file.FullName, buffer.ToArray());
        }
        Console.Error.WriteLine($"{table.Rows.Count} runs written to {file}");
    }

    private sealed class SolvedCount(IProgress<CountProgress> inner) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress p) => inner.Report(new CountProgress(p.Done, p.Total, $", {p.Solved} solved"));
    }
}
