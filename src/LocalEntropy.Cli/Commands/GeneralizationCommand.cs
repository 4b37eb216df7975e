using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LocalEntropy.Cli.Output;
using LocalEntropy.Landscape;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;
using LocalEntropy.Theory;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// `lent landscape generalization`: on teacher-student instances, the test error of each solver's solution on fresh
/// teacher-labelled patterns; for small N also the Gibbs, Bayes and local votes of the exact solution set.
/// </summary>
internal static class GeneralizationCommand
{
    /// <summary>The stream of the instance seed that draws the test patterns (0 makes the instance, 1 runs the solvers).</summary>
    public const ulong TestStream = 3;

    /// <summary>The stream of the instance seed that draws the typical centre of --typical.</summary>
    public const ulong TypicalStream = 4;

    /// <summary>
    /// Solvers whose solution centres the local votes, in order of preference: on each instance the first of them that
    /// solved it (the first asked for when none did).
    /// </summary>
    private static readonly string[] Centres = ["fbp", "rsgd", "rmc"];

    public static Command Build()
    {
        var command = new Command("generalization", "teacher-student instances: test error of each solver's solution on fresh patterns; for small N also the Gibbs, Bayes and local votes over every solution");
        var n = CommonOptions.PositiveInt("--n", "inputs N (odd); the exact columns need N <= " + SmallInstance.MaxSynapses);
        n.Required = true;
        var alphas = new Option<string>("--alphas") { Description = "loads α = P/N: A1,A2,… or MIN:MAX:STEP", Required = true };
        var algorithms = new Option<string>("--algorithms") { Description = $"solvers, comma-separated: {string.Join(", ", SolverCatalog.Names)}", DefaultValueFactory = _ => "sa,rmc,rsgd,fbp" };
        var seeds = new Option<string>("--seeds") { Description = "instance seeds: K for 1…K, or FIRST:LAST (instance: stream 0, solvers: stream 1, test patterns: stream 3)", DefaultValueFactory = _ => "10" };
        var testPatterns = CommonOptions.PositiveInt("--test-patterns", "fresh teacher-labelled patterns per instance", 10_000);
        var maxSeconds = CommonOptions.PositiveDouble("--max-seconds", "wall-clock budget of every solver run", 60);
        var distances = new Option<string>("--distances") { Description = "distances d of the local votes: the solutions within Hamming radius round(d·N) of the dense solution vote", DefaultValueFactory = _ => "0.1,0.2,0.3" };
        var typical = new Option<bool>("--typical") { Description = "also the local votes around a uniformly drawn solution (stream 4 of the seed): a typical centre, to compare the dense one with" };
        var chains = CommonOptions.PositiveInt("--chains", "independent chains per solver run, as in lent solve", 2);
        var threads = CommonOptions.PositiveInt("--threads", "threads for the chains, the enumeration and the votes (results do not depend on it)", Environment.ProcessorCount);
        var plot = CommonOptions.OutputFile("--plot", "write a PNG of the test errors against α");
        var json = CommonOptions.Json();
        foreach (Option o in new Option[] { n, alphas, algorithms, seeds, testPatterns, maxSeconds, distances, typical, chains, threads, plot, json }) command.Options.Add(o);
        command.SetAction(parsed =>
        {
            int size = parsed.GetValue(n);
            if (size % 2 == 0) throw new UsageException($"--n must be odd (a student's field on a ±1 pattern is then never 0), got {size}");
            string[] names = SolverCatalog.ParseNames(parsed.GetValue(algorithms)!);
            double[] ds = ValueGrid.PositiveNumbers("--distances", parsed.GetValue(distances)!);
            if (ds.Any(d => d > 1))
                throw new UsageException(FormattableString.Invariant($"--distances: {ds.First(d => d > 1)} is more than 1; a distance is a fraction of N"));
            double seconds = parsed.GetValue(maxSeconds);
            int threadCount = parsed.GetValue(threads);
            // Created up front so that bad settings fail before any work.
            ISolver<Perceptron>[] solvers = [.. names.Select(a => SolverCatalog.Create<Perceptron>(SolverCatalog.Configure(
                new SolverChoice(a, SolverCatalog.Limits(seconds, null), Chains: parsed.GetValue(chains), Threads: threadCount), Experiments.ProblemKind.Perceptron)))];
            double[] loads = ValueGrid.PositiveNumbers("--alphas", parsed.GetValue(alphas)!);
            foreach (string a in names) SolverCatalog.RequireDenseBpFits(a, size, loads.Max());
            bool exact = size <= SmallInstance.MaxSynapses;
            int[] centres = [.. Centres.Select(a => Array.IndexOf(names, a)).Where(k => k >= 0)];
            var plan = new Plan(
                size, loads, ValueGrid.Seeds("--seeds", parsed.GetValue(seeds)!),
                names, solvers, parsed.GetValue(testPatterns), exact, centres, exact && parsed.GetValue(typical),
                new EnsembleVoteOptions { Distances = ds, Threads = threadCount }, threadCount);
            if (!exact) Console.Error.WriteLine($"lent: note: N = {size} is above {SmallInstance.MaxSynapses}: no exact enumeration, so no Gibbs, Bayes or local-vote columns");
            else if (centres.Length == 0) Console.Error.WriteLine($"lent: note: no local votes: they centre on the solution of {string.Join(", ", Centres)}, none of which was asked for");

            List<GeneralizationRow>? rows;
            using (var interrupt = new ConsoleInterrupt())
            {
                rows = ConsoleProgress.Run("generalization", progress => Measure(plan, progress, interrupt.Token));
                if (rows is null)
                {
                    Console.Error.WriteLine("generalization: interrupted; nothing written");
                    return LentApp.Interrupted;
                }
            }
            int runs = rows.Sum(r => r.Instances.Count * names.Length), solved = rows.Sum(r => r.Instances.Sum(i => i.Runs.Count(s => s.Solved)));
            if (solved < runs)
                Console.Error.WriteLine($"lent: note: {runs - solved} of {runs} runs did not solve within {seconds.ToString(CultureInfo.InvariantCulture)} s; their test errors are in the means all the same (see the solved counts)");
            var theory = new GibbsTheory();
            if (parsed.GetValue(plot) is { } png)
            {
                CurvePlot.SaveGeneralization(png.FullName, Series(plan, rows),
                    $"Teacher-student perceptron N = {size}, {plan.Seeds.Length} instances per α, {plan.TestPatterns} test patterns",
                    theory.Curve(plan.Alphas.Min(), plan.Alphas.Max()));
            }
            if (parsed.GetValue(json)) PrintJson(plan, rows, theory);
            else PrintTable(plan, rows, theory);
            return LentApp.Ok;
        });
        return command;
    }

    /// <summary>
    /// What to measure: the grid, the solvers, whether the exact columns are computed, which runs may centre the
    /// local votes (indices into the solvers, in order of preference; none: no local votes), and whether a typical
    /// solution centres local votes too.
    /// </summary>
    private sealed record Plan(
        int N, double[] Alphas, ulong[] Seeds, string[] Algorithms, ISolver<Perceptron>[] Solvers, int TestPatterns,
        bool Exact, int[] Centres, bool Typical, EnsembleVoteOptions Votes, int Threads)
    {
        public bool LocalVotes => Exact && Centres.Length > 0;

        /// <summary>The run whose solution centres the local votes: the first preferred one that solved, else the first.</summary>
        public int? CentreOf(IReadOnlyList<Run> runs) =>
            Centres.Length == 0 ? null : Centres.Where(k => runs[k].Solved).DefaultIfEmpty(Centres[0]).First();
    }

    /// <summary>One solver run on one instance.</summary>
    private sealed record Run(string Algorithm, SolveResult Result, StudentGeneralization Score)
    {
        public bool Solved => Result.Solved;
    }

    /// <summary>
    /// Every run on one instance and, for small N, the votes of its solution set (local votes around the centre run's
    /// solution) and the local votes around a typical solution (with --typical).
    /// </summary>
    private sealed record InstanceResult(ulong Seed, IReadOnlyList<Run> Runs, EnsembleErrors? Ensemble, Run? Centre, IReadOnlyList<LocalVote>? Typical);

    /// <summary>The instances at one load, with the means the table shows.</summary>
    private sealed record GeneralizationRow(double Alpha, int Patterns, IReadOnlyList<InstanceResult> Instances)
    {
        public double TestError(int algorithm) => Instances.Average(i => i.Runs[algorithm].Score.TestError);

        public double ExactError(int algorithm) => Instances.Average(i => i.Runs[algorithm].Score.ExactError);

        public int Solved(int algorithm) => Instances.Count(i => i.Runs[algorithm].Solved);

        /// <summary>The mean of an exact column over the instances; null when N was too large to enumerate.</summary>
        public double? Mean(Func<EnsembleErrors, double> column) =>
            Instances[0].Ensemble is null ? null : Instances.Average(i => column(i.Ensemble!));

        /// <summary>The mean of a quantity of the typical centre's local vote <paramref name="k"/>; null without --typical.</summary>
        public double? Typical(int k, Func<LocalVote, double> value) =>
            Instances[0].Typical is null ? null : Instances.Average(i => value(i.Typical![k]));
    }

    /// <summary>Runs everything; null when interrupted.</summary>
    private static List<GeneralizationRow>? Measure(Plan plan, IProgress<double>? progress, CancellationToken cancel)
    {
        var rows = new List<GeneralizationRow>();
        int steps = plan.Alphas.Length * plan.Seeds.Length * (plan.Solvers.Length + (plan.Exact ? 1 : 0)), done = 0;
        void Step() => progress?.Report((double)++done / steps);
        foreach (double alpha in plan.Alphas)
        {
            var instances = new List<InstanceResult>();
            foreach (ulong seed in plan.Seeds)
            {
                Perceptron problem = ProblemSource.Generate(plan.N, alpha, teacher: true, seed);
                TestSet test = TestSet.Draw(problem, plan.TestPatterns, new Rng(seed).Fork(TestStream));
                var runs = new List<Run>();
                for (int a = 0; a < plan.Solvers.Length; a++)
                {
                    // The seed convention of lent solve: the same seed there gives the same solution (unless a time limit cuts it).
                    SolveResult result = plan.Solvers[a].Solve(problem, new Rng(seed).Fork(1), null, cancel);
                    if (result.StopReason == StopReason.Cancelled) return null;
                    runs.Add(new Run(plan.Algorithms[a], result, test.Measure(result.Best)));
                    Step();
                }
                Run? centre = plan.CentreOf(runs) is int c ? runs[c] : null;
                if (!plan.Exact)
                {
                    instances.Add(new InstanceResult(seed, runs, null, null, null));
                    continue;
                }
                var votes = Ensemble(plan, problem, test, centre?.Result.Best, new Rng(seed).Fork(TypicalStream), cancel);
                if (votes is null) return null;
                instances.Add(new InstanceResult(seed, runs, votes.Value.Votes, centre, votes.Value.Typical));
                Step();
            }
            rows.Add(new GeneralizationRow(alpha, PerceptronGenerator.PatternCount(plan.N, alpha), instances));
        }
        return rows;
    }

    /// <summary>
    /// The votes of every solution of <paramref name="problem"/>, and with --typical the local votes around a solution
    /// drawn from <paramref name="typicalRng"/>; null when interrupted.
    /// </summary>
    private static (EnsembleErrors Votes, IReadOnlyList<LocalVote>? Typical)? Ensemble(
        Plan plan, Perceptron problem, TestSet test, SpinVector? centre, Rng typicalRng, CancellationToken cancel)
    {
        var options = new SolutionEnumeratorOptions { Threads = plan.Threads };
        EnumerationResult<SolutionSet> all = new SolutionEnumerator(problem, options).Solutions(null, cancel);
        switch (all.Stop)
        {
            case EnumerationStop.Cancelled:
                return null;
            case EnumerationStop.TooManySolutions:
                throw new UsageException(FormattableString.Invariant(
                    $"N = {problem.N}, P = {problem.P} has more solutions than can be held in memory ({options.MaxStoredSolutions}); use a smaller N or a larger α"));
        }
        try
        {
            SolutionSet solutions = all.Value;
            EnsembleErrors votes = EnsembleVote.Compute(solutions, test, centre, plan.Votes, cancel);
            SpinVector? typical = plan.Typical ? solutions[typicalRng.NextInt(solutions.Count)] : null;
            return (votes, typical is null ? null : EnsembleVote.Compute(solutions, test, typical, plan.Votes, cancel).Local);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The exact columns of the table with their means over a row's instances.</summary>
    private static IEnumerable<(string Name, Func<GeneralizationRow, double?> Mean)> ExactColumns(Plan plan) =>
        new (string, Func<GeneralizationRow, double?>)[]
        {
            ("gibbs", r => r.Mean(e => e.Gibbs)), ("gibbs exact", r => r.Mean(e => e.GibbsExact)), ("gibbs arccos", r => r.Mean(e => e.GibbsArccos)),
            ("bayes", r => r.Mean(e => e.Bayes)),
        }
        .Concat(!plan.LocalVotes ? [] : plan.Votes.Distances.Select((_, k) => (LocalName("local", plan, k), (Func<GeneralizationRow, double?>)(r => r.Mean(e => e.Local[k].Error)))))
        .Concat(!plan.Typical ? [] : plan.Votes.Distances.Select((_, k) => (LocalName("typical", plan, k), (Func<GeneralizationRow, double?>)(r => r.Typical(k, v => v.Error)))));

    private static string LocalName(string centre, Plan plan, int k) => FormattableString.Invariant(
        $"{centre} d={plan.Votes.Distances[k]:G3} r={EnsembleVoteOptions.Radius(plan.Votes.Distances[k], plan.N)}");

    private static void PrintTable(Plan plan, List<GeneralizationRow> rows, GibbsTheory theory)
    {
        var exactColumns = plan.Exact ? ExactColumns(plan).ToList() : [];
        Console.Out.WriteLine(string.Join('\t', ["alpha", "P", "instances", .. plan.Algorithms.SelectMany(a => new[] { a, $"{a} solved" }),
            .. exactColumns.Select(c => c.Name), .. plan.Exact ? ["solutions"] : Array.Empty<string>(), "theory"]));
        foreach (GeneralizationRow r in rows)
        {
            IEnumerable<string> solvers = plan.Algorithms.SelectMany((_, a) => new[] { Number(r.TestError(a)), $"{r.Solved(a)}/{r.Instances.Count}" });
            IEnumerable<string> exact = exactColumns.Select(c => Number(c.Mean(r)!.Value));
            IEnumerable<string> solutions = plan.Exact ? [r.Mean(e => e.Solutions)!.Value.ToString("F1", CultureInfo.InvariantCulture)] : [];
            string gibbs = theory.At(r.Alpha) is double t ? Number(t) : "—";
            Console.Out.WriteLine(string.Join('\t', [r.Alpha.ToString("G4", CultureInfo.InvariantCulture), r.Patterns.ToString(CultureInfo.InvariantCulture),
                r.Instances.Count.ToString(CultureInfo.InvariantCulture), .. solvers, .. exact, .. solutions, gibbs]));
        }
    }

    private static void PrintJson(Plan plan, List<GeneralizationRow> rows, GibbsTheory theory)
    {
        object? Local(IEnumerable<LocalVote>? votes) => votes?.Select(v => new { d = v.Distance, r = v.Radius, voters = v.Voters, error = v.Error });
        object? Means(Func<int, Func<LocalVote, double>, double?> mean) => mean(0, v => v.Error) is null ? null
            : plan.Votes.Distances.Select((d, k) => new { d, r = EnsembleVoteOptions.Radius(d, plan.N), error = mean(k, v => v.Error), voters = mean(k, v => v.Voters) });
        Console.Out.WriteLine(JsonSerializer.Serialize(new
        {
            n = plan.N,
            testPatterns = plan.TestPatterns,
            algorithms = plan.Algorithms,
            seeds = plan.Seeds,
            exact = plan.Exact,
            centres = plan.LocalVotes ? plan.Centres.Select(k => plan.Algorithms[k]) : [],
            rows = rows.Select(r => new
            {
                alpha = r.Alpha,
                p = r.Patterns,
                instances = r.Instances.Count,
                solvers = plan.Algorithms.Select((a, k) => new { algorithm = a, testError = r.TestError(k), exactError = r.ExactError(k), solved = r.Solved(k) }),
                solutions = r.Mean(e => e.Solutions),
                gibbs = r.Mean(e => e.Gibbs),
                gibbsExact = r.Mean(e => e.GibbsExact),
                gibbsArccos = r.Mean(e => e.GibbsArccos),
                bayes = r.Mean(e => e.Bayes),
                theory = theory.At(r.Alpha),
                local = plan.LocalVotes ? Means((k, value) => r.Mean(e => value(e.Local[k]))) : null,
                typical = Means(r.Typical),
                perInstance = r.Instances.Select(i => new
                {
                    seed = i.Seed,
                    runs = i.Runs.Select(run => new
                    {
                        algorithm = run.Algorithm,
                        solved = run.Solved,
                        errors = run.Result.Errors,
                        stopReason = JsonNamingPolicy.CamelCase.ConvertName(run.Result.StopReason.ToString()),
                        seconds = Math.Round(run.Result.Elapsed.TotalSeconds, 4),
                        testError = run.Score.TestError,
                        exactError = run.Score.ExactError,
                        arccosError = run.Score.ArccosError,
                        overlap = run.Score.Overlap,
                    }),
                    solutions = i.Ensemble?.Solutions,
                    gibbs = i.Ensemble?.Gibbs,
                    gibbsExact = i.Ensemble?.GibbsExact,
                    gibbsArccos = i.Ensemble?.GibbsArccos,
                    bayes = i.Ensemble?.Bayes,
                    centre = i.Centre?.Algorithm,
                    centreSolved = i.Centre?.Solved,
                    local = plan.LocalVotes ? Local(i.Ensemble?.Local) : null,
                    typical = Local(i.Typical),
                }),
            }),
        }));
    }

    /// <summary>
    /// The plotted lines: each solver's mean test error, then for small N the Gibbs and Bayes errors and the local votes
    /// (predictions of the whole solution space).
    /// </summary>
    private static List<(string Label, IReadOnlyList<(double Alpha, double Error)> Points, bool Ensemble)> Series(Plan plan, List<GeneralizationRow> rows)
    {
        IReadOnlyList<(double, double)> Line(Func<GeneralizationRow, double> error) => [.. rows.Select(r => (r.Alpha, error(r)))];
        var series = plan.Algorithms.Select((a, k) => (a, Line(r => r.TestError(k)), false)).ToList();
        if (plan.Exact)
        {
            series.Add(("Gibbs: a random solution", Line(r => r.Mean(e => e.Gibbs)!.Value), true));
            series.Add(("Bayes: vote of all solutions", Line(r => r.Mean(e => e.Bayes)!.Value), true));
            if (plan.LocalVotes)
            {
                series.AddRange(plan.Votes.Distances.Select((_, k) =>
                    ($"{LocalName("local", plan, k)}: vote around a dense solution", Line(r => r.Mean(e => e.Local[k].Error)!.Value), true)));
            }
        }
        return series;
    }

    private static string Number(double x) => x.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>
    /// Gibbs learning at N → ∞ by replica theory (ALGORITHMS.md §5, <see cref="TeacherStudentGibbs"/>): the error of the
    /// poor-generalization branch below the first-order transition (α ≈ 1.245), 0 above it, where the only typical
    /// solution left is the teacher.
    /// </summary>
    private sealed class GibbsTheory
    {
        private readonly CriticalLoad _transition = TeacherStudentGibbs.TransitionAlpha();

        /// <summary>ε_g(α); null where the saddle point (or the transition) was not found.</summary>
        public double? At(double alpha)
        {
            if (!_transition.Found) return null;
            if (alpha >= _transition.Alpha) return 0;
            GibbsLearningPoint p = TeacherStudentGibbs.Solve(alpha);
            return p.Converged ? p.GeneralizationError : null;
        }

        /// <summary>The curve over [<paramref name="low"/>, <paramref name="high"/>] for a plot, with the jump to 0 drawn as a vertical step.</summary>
        public IReadOnlyList<(double Alpha, double Error)> Curve(double low, double high)
        {
            const int points = 200;
            IEnumerable<double> grid = Enumerable.Range(0, points).Select(i => low + (high - low) * i / (points - 1));
            if (_transition.Found && _transition.Alpha > low && _transition.Alpha < high)
            {
                // Just below the transition, then at it (error 0): the step.
                grid = grid.Append(Math.BitDecrement(_transition.Alpha)).Append(_transition.Alpha).Order();
            }
            return [.. grid.Distinct().Select(a => (Alpha: a, Error: At(a))).Where(p => p.Error is not null).Select(p => (p.Alpha, p.Error!.Value))];
        }
    }
}
