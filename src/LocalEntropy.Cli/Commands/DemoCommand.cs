using System.Collections.Concurrent;
using System.CommandLine;
using System.Globalization;
using LocalEntropy.Cli.Output;
using LocalEntropy.Experiments;
using LocalEntropy.IO;
using LocalEntropy.MessagePassing;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;
using Spectre.Console;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// `lent demo`: the seed talks' claim on real instances, the same time budget for every algorithm. On random
/// perceptrons (the default) simulated annealing gets stuck where the replicated algorithms and focusing BP find
/// solutions; `--problem ksat` runs SA, replicated MC and WalkSAT on random 3-SAT formulas.
/// </summary>
internal static class DemoCommand
{
    private sealed record Contender<TProblem>(string Label, Func<SolverLimits, ISolver<TProblem>> Create);

    private sealed record Run(int Contender, double Alpha, ulong Seed, SolveResult Result);

    /// <summary>What one problem of the demo brings: its defaults, its contenders, its instances and its words.</summary>
    private sealed record Demo<TProblem>(
        string Title, int N, double[] Alphas, double Seconds, string Errors, Contender<TProblem>[] Contenders,
        Func<int, double, ulong, TProblem> Generate)
        where TProblem : class;

    private static readonly Demo<Perceptron> PerceptronDemo = new(
        "Binary perceptron", 1001, [0.5, 0.65, 0.7], 8, "training errors",
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
        ],
        (n, alpha, seed) => ProblemSource.Generate(n, alpha, false, seed));

    /// <summary>Random 3-SAT: the K-SAT defaults of `lent solve` (SolverCatalog), one chain each.</summary>
    private static readonly Demo<KSat> KSatDemo = new(
        "Random 3-SAT", 1000, [3.7, 3.9, 4.1], 5, "unsatisfied clauses",
        [.. new[] { "sa", "rmc", "walksat" }.Select(KSatContender)],
        (n, alpha, seed) => ProblemSource.GenerateFormula(n, 3, alpha, seed));

    private static Contender<KSat> KSatContender(string algorithm)
    {
        SolverSetup Setup(SolverLimits limits) => SolverCatalog.Configure(new SolverChoice(algorithm, limits), ProblemKind.KSat);
        string label = Setup(new SolverLimits()).Options is ReplicatedMonteCarloOptions o ? $"{algorithm} (y={o.Replicas})" : algorithm;
        return new Contender<KSat>(label, l => SolverCatalog.Create<KSat>(Setup(l)));
    }

    public static Command Build()
    {
        var command = new Command("demo", "SA versus the replicated algorithms on random binary perceptrons (default) or random 3-SAT, with plots");
        var problem = new Option<string>("--problem")
        {
            Description = "perceptron (SA, replicated MC, replicated SGD, focusing BP) or ksat (SA, replicated MC, WalkSAT on random 3-SAT)",
            DefaultValueFactory = _ => "perceptron",
        };
        problem.AcceptOnlyFromAmong("perceptron", "ksat");
        // Absent values read as 0 or empty (the validators refuse both when given): the problem's default then applies.
        var n = CommonOptions.PositiveInt("--n", $"number of inputs (variables for ksat) N; default {PerceptronDemo.N}, ksat {KSatDemo.N}");
        var alphas = new Option<double[]>("--alphas")
        {
            Description = $"loads α to try (clauses per variable for ksat); default {Join(PerceptronDemo.Alphas)}, ksat {Join(KSatDemo.Alphas)}",
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
        var seconds = CommonOptions.PositiveDouble("--seconds", FormattableString.Invariant(
            $"time budget of every run, in seconds; default {PerceptronDemo.Seconds}, ksat {KSatDemo.Seconds}"));
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "folder for the plots and the summary CSV",
            DefaultValueFactory = _ => new DirectoryInfo("demo-output"),
        };
        foreach (Option o in new Option[] { problem, n, alphas, seeds, seconds, output }) command.Options.Add(o);
        command.SetAction(parsed =>
        {
            var given = new DemoRequest(parsed.GetValue(n), parsed.GetValue(alphas) ?? [], parsed.GetValue(seeds), parsed.GetValue(seconds), parsed.GetValue(output)!);
            return parsed.GetValue(problem) == "ksat" ? Execute(KSatDemo, given) : Execute(PerceptronDemo, given);
        });
        return command;
    }

    private sealed record DemoRequest(int N, double[] Alphas, int Seeds, double Seconds, DirectoryInfo Output);

    private static string Join(double[] values) => string.Join(" ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private static int Execute<TProblem>(Demo<TProblem> demo, DemoRequest given)
        where TProblem : class
    {
        int n = given.N > 0 ? given.N : demo.N;
        double[] alphas = given.Alphas.Length > 0 ? given.Alphas : demo.Alphas;
        double seconds = given.Seconds > 0 ? given.Seconds : demo.Seconds;
        Contender<TProblem>[] contenders = demo.Contenders;
        var jobs = (from alpha in alphas
                    from seed in Enumerable.Range(1, given.Seeds)
                    from c in Enumerable.Range(0, contenders.Length)
                    select (Contender: c, Alpha: alpha, Seed: (ulong)seed)).ToArray();
        var limits = new SolverLimits { TimeLimit = TimeSpan.FromSeconds(seconds), MaxIterations = long.MaxValue };
        var problems = new ConcurrentDictionary<(double, ulong), TProblem>();
        Console.Error.WriteLine(FormattableString.Invariant(
            $"demo: {demo.Title}, N = {n}, α ∈ {{{string.Join(", ", alphas)}}}, {given.Seeds} instances each, {seconds:G3} s per run, {jobs.Length} runs on {Environment.ProcessorCount} cores"));

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
                    TProblem problem = problems.GetOrAdd((job.Alpha, job.Seed), k => demo.Generate(n, k.Item1, k.Item2));
                    ISolver<TProblem> solver = contenders[job.Contender].Create(limits);
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

        string[] labels = [.. contenders.Select(c => c.Label)];
        Directory.CreateDirectory(given.Output.FullName);
        PrintTable(labels, alphas, given.Seeds, runs);
        WriteCsv(Path.Combine(given.Output.FullName, "summary.csv"), labels, runs);
        foreach (double alpha in alphas)
        {
            string file = Path.Combine(given.Output.FullName, FormattableString.Invariant($"errors-vs-time-alpha-{alpha:0.###}.png"));
            var series = runs.Where(r => r.Alpha == alpha).OrderBy(r => r.Contender).ThenBy(r => r.Seed)
                .Select(r => new TraceSeries(labels[r.Contender], r.Contender, r.Result.Trace, r.Result.Elapsed.TotalSeconds))
                .ToList();
            TracePlot.Save(file, FormattableString.Invariant($"{demo.Title} N = {n}, α = {alpha:G3}: {demo.Errors} vs time"), series, $"fewest {demo.Errors} so far");
        }
        if (alphas.Length > 1)
        {
            var curves = Enumerable.Range(0, labels.Length).Select(c => new SuccessCurve(labels[c], c, [.. alphas.Select(a =>
            {
                var mine = runs.Where(r => r.Contender == c && r.Alpha == a).ToList();
                return (a, (double)mine.Count(r => r.Result.Solved) / mine.Count);
            })])).ToList();
            TracePlot.SaveSuccess(Path.Combine(given.Output.FullName, "success-vs-alpha.png"),
                FormattableString.Invariant($"{demo.Title} N = {n}, {seconds:G3} s per run: fraction solved"), curves);
        }
        Console.Out.WriteLine($"plots and summary.csv written to {given.Output.FullName}");
        return LentApp.Ok;
    }

    private static void PrintTable(string[] labels, double[] alphas, int seedCount, IEnumerable<Run> runs)
    {
        var table = new Table().Title("solved / tries (median seconds over solved runs)");
        table.AddColumn("algorithm");
        foreach (double a in alphas) table.AddColumn(FormattableString.Invariant($"α = {a:G3}"));
        for (int c = 0; c < labels.Length; c++)
        {
            var cells = new List<string> { labels[c] };
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

    private static void WriteCsv(string path, string[] labels, IEnumerable<Run> runs)
    {
        AtomicFile.Write(path, w =>
        {
            w.WriteLine("algorithm,alpha,seed,solved,errors,seconds,iterations,restarts,stop_reason");
            foreach (Run r in runs.OrderBy(r => r.Contender).ThenBy(r => r.Alpha).ThenBy(r => r.Seed))
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{labels[r.Contender]},{r.Alpha},{r.Seed},{r.Result.Solved},{r.Result.Errors},{r.Result.Elapsed.TotalSeconds:F3},{r.Result.Iterations},{r.Result.Restarts},{r.Result.StopReason}"));
            }
        });
    }
}
