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
    /// <summary>How each run of a sweep is configured beyond its point.</summary>
    private sealed record RunConfig(int Threads, double? Seconds, long? Iterations);

    public static Command Build()
    {
        var command = new Command("sweep", "run every (N, α, algorithm, seed) of a grid on all cores, storing each finished run; resumable");
        var problem = new Option<string>("--problem") { Description = "perceptron or committee (committee needs --k)", DefaultValueFactory = _ => "perceptron" };
        problem.AcceptOnlyFromAmong("perceptron", "committee");
        var k = CommonOptions.HiddenUnits("hidden units K of the committee machine (odd)");
        var teacher = new Option<bool>("--teacher") { Description = "teacher-student perceptron instances instead of random labels" };
        var sizes = new Option<string?>("--n") { Description = "sizes N: N1,N2,… or MIN:MAX:STEP (inputs per unit for a committee)" };
        var alphas = new Option<string?>("--alphas") { Description = "loads α: A1,A2,… or MIN:MAX:STEP (both ends included)" };
        var algorithms = new Option<string?>("--algorithms", "-a") { Description = $"comma-separated algorithms: {string.Join(", ", SolverCatalog.Names)}" };
        var seeds = new Option<string>("--seeds") { Description = "instance seeds: K for 1…K, or FIRST:LAST", DefaultValueFactory = _ => "10" };
        var maxSeconds = CommonOptions.PositiveDouble("--max-seconds", "wall-clock budget of each run in seconds (default 60; 300 for edmc)");
        var maxIterations = CommonOptions.MaxIterations();
        var chains = CommonOptions.PositiveInt("--chains", "independent chains per run (the first to solve wins; see lent solve)", 1);
        var threads = CommonOptions.PositiveInt("--threads", "threads of each run (its chains and BP sweeps)", 1);
        var workers = CommonOptions.PositiveInt("--workers", "runs at once", Environment.ProcessorCount);
        var settings = new SettingsOptions();
        var axes = new Option<string[]>("--grid") { Description = "sweep a solver setting like an axis: NAME=V1,V2,… (repeatable)" };
        var db = new Option<FileInfo>("--db") { Description = "results database (SQLite; created when missing)", DefaultValueFactory = _ => new FileInfo("results.sqlite") };
        var name = new Option<string>("--name") { Description = "sweep name: run the same command again to resume it", DefaultValueFactory = _ => "default" };
        var export = CommonOptions.OutputFile("--export", "write the stored runs (of --name when given, else all) to FILE.csv or FILE.json");
        var json = CommonOptions.Json();
        foreach (Option o in new Option[] { problem, k, teacher, sizes, alphas, algorithms, seeds, maxSeconds, maxIterations, chains, threads, workers })
        {
            command.Options.Add(o);
        }
        settings.AddTo(command);
        foreach (Option o in new Option[] { axes, db, name, export, json }) command.Options.Add(o);

        command.SetAction(parsed =>
        {
            string database = parsed.GetValue(db)!.ToString();
            FileInfo? exportFile = parsed.GetValue(export);
            if (exportFile is not null) _ = ExportFormat(exportFile);
            string? sweepName = parsed.GetResult(name) is { Implicit: false } ? parsed.GetValue(name) : null;
            bool hasGrid = parsed.GetValue(sizes) is not null || parsed.GetValue(alphas) is not null || parsed.GetValue(algorithms) is not null;
            if (!hasGrid)
            {
                if (exportFile is null) throw new UsageException("give --n, --alphas and --algorithms to run a sweep, or --export FILE to export stored runs");
                Export(database, sweepName, exportFile);
                return LentApp.Ok;
            }
            bool committee = parsed.GetValue(problem) == "committee";
            if (committee && parsed.GetValue(k) is null) throw new UsageException("--problem committee needs --k K, the number of hidden units");
            var grid = new SweepGrid
            {
                Name = parsed.GetValue(name)!,
                Problem = committee ? ProblemKind.Committee : ProblemKind.Perceptron,
                K = parsed.GetValue(k) ?? 1,
                Teacher = parsed.GetValue(teacher),
                Sizes = Sizes(Required(parsed.GetValue(sizes), "--n")),
                Alphas = ValueGrid.PositiveNumbers("--alphas", Required(parsed.GetValue(alphas), "--alphas")),
                Algorithms = Algorithms(Required(parsed.GetValue(algorithms), "--algorithms")),
                Seeds = ValueGrid.Seeds("--seeds", parsed.GetValue(seeds)!),
                Chains = parsed.GetValue(chains),
                Settings = settings.Read(parsed),
                Axes = [.. (parsed.GetValue(axes) ?? []).Select(GridAxis.Parse)],
            };
            var config = new RunConfig(
                parsed.GetValue(threads),
                parsed.GetResult(maxSeconds) is { Implicit: false } ? parsed.GetValue(maxSeconds) : null,
                parsed.GetValue(maxIterations));
            IReadOnlyList<SweepPoint> points = SweepPlan.Points(grid, (algorithm, s, unknown) =>
                SolverCatalog.Configure(Choice(algorithm, grid.Chains, config) with { Settings = s }, committee, unknown).Options);

            SweepSummary summary;
            using (IRunStore store = RunStores.Open(database))
            using (var interrupt = new ConsoleInterrupt())
            {
                summary = ConsoleProgress.RunCounted($"sweep {grid.Name}", progress => SweepRunner.Run(
                    store, points, parsed.GetValue(workers), (point, instance, ct) => Run(point, instance, config, ct),
                    progress is null ? null : new Progress(progress), interrupt.Token));
            }
            Report(summary, grid.Name, database, parsed.GetValue(json));
            if (exportFile is not null) Export(database, sweepName, exportFile);
            if (!summary.Interrupted) return LentApp.Ok;
            Console.Error.WriteLine($"lent: interrupted; {summary.StoredBefore + summary.Ran} of {summary.Points} runs stored, run the same command to continue");
            return LentApp.Interrupted;
        });
        return command;
    }

    private static SolverChoice Choice(string algorithm, int chains, RunConfig config) =>
        new(algorithm, SolverCatalog.Limits(config.Seconds ?? SolverCatalog.DefaultSeconds(algorithm), config.Iterations), Chains: chains, Threads: config.Threads);

    /// <summary>Runs one point exactly as its `lent solve` command would; null when cancellation cut it short.</summary>
    private static RunRecord? Run(SweepPoint point, IFlipProblem instance, RunConfig config, CancellationToken ct)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        var setup = new SolverSetup(point.Algorithm, point.Options, point.Chains, config.Threads);
        ulong seed = point.Instance.Seed;
        (string solver, SolveResult result, IFlipProblem problem) = instance switch
        {
            CommitteeMachine c => Solve(c, setup, seed, ct),
            var p => Solve((Perceptron)p, setup, seed, ct),
        };
        if (result.StopReason == StopReason.Cancelled) return null;
        var report = SolveReport.From(solver, SolverCatalog.EnergyDescription(point.Options), problem, seed, result, point.Chains, point.OptionsJson);
        string command = SolveCommandLine.For(point, config.Threads, config.Seconds ?? SolverCatalog.DefaultSeconds(point.Algorithm), config.Iterations);
        return new RunRecord(point, report, command, LentApp.Version, Environment.MachineName, started, DateTimeOffset.UtcNow);
    }

    private static (string, SolveResult, IFlipProblem) Solve<TProblem>(TProblem problem, SolverSetup setup, ulong seed, CancellationToken ct)
        where TProblem : class, IFlipProblem
    {
        ISolver<TProblem> solver = SolverCatalog.Create<TProblem>(setup);
        return (solver.Name, solver.Solve(problem, new Rng(seed).Fork(1), null, ct), problem);
    }

    private static string Required(string? value, string option) =>
        value ?? throw new UsageException($"a sweep needs {option} as well: give --n, --alphas and --algorithms");

    private static int[] Sizes(string text) =>
        [.. ValueGrid.PositiveNumbers("--n", text).Select(v => v == Math.Floor(v) && v <= int.MaxValue
            ? (int)v
            : throw new UsageException(FormattableString.Invariant($"--n: '{v}' is not a whole number (in '{text}')")))];

    private static string[] Algorithms(string text)
    {
        string[] names = text.Split(',', StringSplitOptions.TrimEntries);
        foreach (string a in names)
        {
            if (a.Length == 0) throw new UsageException($"--algorithms: an empty name in '{text}'");
            if (!SolverCatalog.Names.Contains(a))
                throw new UsageException($"--algorithms: unknown algorithm '{a}'; choose from {string.Join(", ", SolverCatalog.Names)}");
        }
        return names;
    }

    private static void Report(SweepSummary s, string sweep, string database, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                sweep, database, s.Points, s.StoredBefore, s.Ran, s.Solved, s.Remaining, s.Workers,
                RunSeconds = Math.Round(s.RunSeconds, 3), WallSeconds = Math.Round(s.WallSeconds, 3),
                Overhead = Math.Round(s.Overhead, 4), s.Interrupted,
            }, SolveReport.JsonOptions));
            return;
        }
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sweep {sweep}: {s.Points} points; {s.StoredBefore} stored before, {s.Ran} run now ({s.Solved} solved), {s.Remaining} left; " +
            $"{s.RunSeconds:F1} s of runs in {s.WallSeconds:F1} s on {s.Workers} workers (sweep overhead {100 * s.Overhead:F1} %); stored in {database}"));
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

    /// <summary>Sweep progress as a count with the solved runs.</summary>
    private sealed class Progress(IProgress<CountProgress> inner) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress p) => inner.Report(new CountProgress(p.Done, p.Total, $", {p.Solved} solved"));
    }
}
