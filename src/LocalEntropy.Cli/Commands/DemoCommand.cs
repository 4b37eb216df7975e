using System.Collections.Concurrent;
using System.CommandLine;
using System.Globalization;
using LocalEntropy.Cli.Output;
using LocalEntropy.IO;
using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;
using Spectre.Console;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// `lent demo`: the seed talks' claim on real instances. Random perceptrons at a few loads, the same time budget for
/// every algorithm: simulated annealing gets stuck where the replicated algorithms and focusing BP find solutions.
/// </summary>
internal static class DemoCommand
{
    private sealed record Contender(string Label, Func<SolverLimits, ISolver<Perceptron>> Create);

    private sealed record Run(int Contender, double Alpha, ulong Seed, SolveResult Result);

    private static readonly Contender[] Contenders =
    [
        new("sa (errors)", l => new SimulatedAnnealing(new SimulatedAnnealingOptions { Energy = MoveEnergy.Errors, Limits = l })),
        new("sa (hinge k=4)", l => new SimulatedAnnealing(new SimulatedAnnealingOptions { Limits = l })),
        new("rmc (y=7)", l => new ReplicatedMonteCarlo(new ReplicatedMonteCarloOptions { Limits = l })),
        new("rsgd (y=7)", l => new ReplicatedSgd(new ReplicatedSgdOptions { Limits = l })),
        // Runs share the cores already, so each fBP run sweeps on one thread.
        new("fbp", l => new FocusingBeliefPropagation(new FocusingBeliefPropagationOptions
        {
            Bp = FocusingBeliefPropagationOptions.DefaultBp(committee: false) with { Threads = 1 },
            Limits = l,
        })),
    ];

    public static Command Build()
    {
        var command = new Command("demo", "SA versus replicated MC, replicated SGD and focusing BP on random binary perceptrons, with plots");
        var n = CommonOptions.PositiveInt("--n", "number of inputs N", 1001);
        var alphas = new Option<double[]>("--alphas")
        {
            Description = "loads α to try",
            DefaultValueFactory = _ => [0.5, 0.65, 0.7],
            AllowMultipleArgumentsPerToken = true,
        };
        alphas.Validators.Add(r =>
        {
            if (!CommonOptions.TryValue(r, out double[]? values)) return;
            foreach (double a in values ?? [])
            {
                if (!(a > 0 && double.IsFinite(a))) r.AddError(FormattableString.Invariant($"--alphas values must be positive, got {a}"));
            }
        });
        var seeds = CommonOptions.PositiveInt("--seeds", "instances per load (seeds 1..k)", 3);
        var seconds = CommonOptions.PositiveDouble("--seconds", "time budget of every run, in seconds", 8);
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "folder for the plots and the summary CSV",
            DefaultValueFactory = _ => new DirectoryInfo("demo-output"),
        };
        foreach (Option o in new Option[] { n, alphas, seeds, seconds, output }) command.Options.Add(o);
        command.SetAction(parsed => Execute(
            parsed.GetValue(n), parsed.GetValue(alphas)!, parsed.GetValue(seeds), parsed.GetValue(seconds), parsed.GetValue(output)!));
        return command;
    }

    private static int Execute(int n, double[] alphas, int seedCount, double seconds, DirectoryInfo output)
    {
        var jobs = (from alpha in alphas
                    from seed in Enumerable.Range(1, seedCount)
                    from c in Enumerable.Range(0, Contenders.Length)
                    select (Contender: c, Alpha: alpha, Seed: (ulong)seed)).ToArray();
        var limits = new SolverLimits { TimeLimit = TimeSpan.FromSeconds(seconds), MaxIterations = long.MaxValue };
        var problems = new ConcurrentDictionary<(double, ulong), Perceptron>();
        Console.Error.WriteLine(FormattableString.Invariant(
            $"demo: N = {n}, α ∈ {{{string.Join(", ", alphas)}}}, {seedCount} instances each, {seconds:G3} s per run, {jobs.Length} runs on {Environment.ProcessorCount} cores"));

        var runs = new ConcurrentBag<Run>();
        using var interrupt = new ConsoleInterrupt();
        try
        {
            int done = 0;
            ConsoleProgress.RunCounted("demo runs", progress => Parallel.ForEach(
                jobs,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = interrupt.Token },
                job =>
                {
                    Perceptron problem = problems.GetOrAdd((job.Alpha, job.Seed), k => ProblemSource.Generate(n, k.Item1, false, k.Item2));
                    ISolver<Perceptron> solver = Contenders[job.Contender].Create(limits);
                    SolveResult r = solver.Solve(problem, new Rng(job.Seed).Fork(1), null, interrupt.Token);
                    runs.Add(new Run(job.Contender, job.Alpha, job.Seed, r));
                    progress?.Report(new CountProgress(Interlocked.Increment(ref done), jobs.Length));
                }));
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("demo: interrupted; nothing written");
            return LentApp.Interrupted;
        }

        Directory.CreateDirectory(output.FullName);
        PrintTable(alphas, seedCount, runs);
        WriteCsv(Path.Combine(output.FullName, "summary.csv"), runs);
        foreach (double alpha in alphas)
        {
            string file = Path.Combine(output.FullName, FormattableString.Invariant($"errors-vs-time-alpha-{alpha:0.###}.png"));
            var series = runs.Where(r => r.Alpha == alpha).OrderBy(r => r.Contender).ThenBy(r => r.Seed)
                .Select(r => new TraceSeries(Contenders[r.Contender].Label, r.Contender, r.Result.Trace, r.Result.Elapsed.TotalSeconds))
                .ToList();
            TracePlot.Save(file, FormattableString.Invariant($"Binary perceptron N = {n}, α = {alpha:G3}: errors vs time"), series);
        }
        Console.Out.WriteLine($"plots and summary.csv written to {output.FullName}");
        return LentApp.Ok;
    }

    private static void PrintTable(double[] alphas, int seedCount, IEnumerable<Run> runs)
    {
        var table = new Table().Title("solved / tries (median seconds over solved runs)");
        table.AddColumn("algorithm");
        foreach (double a in alphas) table.AddColumn(FormattableString.Invariant($"α = {a:G3}"));
        for (int c = 0; c < Contenders.Length; c++)
        {
            var cells = new List<string> { Contenders[c].Label };
            foreach (double a in alphas)
            {
                var mine = runs.Where(r => r.Contender == c && r.Alpha == a).ToList();
                var solved = mine.Where(r => r.Result.Solved).Select(r => r.Result.Elapsed.TotalSeconds).Order().ToList();
                string median = solved.Count == 0 ? "—" : FormattableString.Invariant($"{solved[solved.Count / 2]:F2} s");
                int left = mine.Where(r => !r.Result.Solved).Select(r => r.Result.Errors).DefaultIfEmpty(0).Min();
                string stuck = solved.Count < mine.Count ? $", best stuck run {left} err" : "";
                cells.Add($"{solved.Count}/{seedCount} ({median}{stuck})");
            }
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        // Redirected output has no terminal width; keep the table on one line per row.
        if (Console.IsOutputRedirected) console.Profile.Width = 140;
        console.Write(table);
    }

    private static void WriteCsv(string path, IEnumerable<Run> runs)
    {
        AtomicFile.Write(path, w =>
        {
            w.WriteLine("algorithm,alpha,seed,solved,errors,seconds,iterations,restarts,stop_reason");
            foreach (Run r in runs.OrderBy(r => r.Contender).ThenBy(r => r.Alpha).ThenBy(r => r.Seed))
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Contenders[r.Contender].Label},{r.Alpha},{r.Seed},{r.Result.Solved},{r.Result.Errors},{r.Result.Elapsed.TotalSeconds:F3},{r.Result.Iterations},{r.Result.Restarts},{r.Result.StopReason}"));
            }
        });
    }
}
