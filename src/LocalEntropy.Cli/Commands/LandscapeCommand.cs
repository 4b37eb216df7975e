using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LocalEntropy.Cli.Output;
using LocalEntropy.IO;
using LocalEntropy.Landscape;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Cli.Commands;

/// <summary>`lent landscape local-entropy`: S(d) around a weight vector, by BP, against the bound H(d).</summary>
internal static class LandscapeCommand
{
    public static Command Build()
    {
        var landscape = new Command("landscape", "measure the solution space around a configuration");
        var local = new Command("local-entropy", "local entropy S(d) around a weight vector (BP with a field γ towards it), or of the dense regions y replicas select (--replicas), with the bound H(d)");
        var patterns = CommonOptions.ExistingFile("--patterns", "pattern file");
        patterns.Required = true;
        var weights = CommonOptions.ExistingFile("--weights", "reference weights (usually a solution)");
        var replicas = new Option<double?>("--replicas", "-y") { Description = "replicated curve instead: y replicas coupled to a centre that is summed over (no --weights)" };
        var seed = CommonOptions.Seed("seed of the random initial messages of the replicated curve");
        var gammaMax = CommonOptions.PositiveDouble("--gamma-max", "largest coupling γ (smallest distance)", 4);
        var gammaMin = CommonOptions.PositiveDouble("--gamma-min", "smallest coupling γ (largest distance)", 0.2);
        var points = CommonOptions.PositiveInt("--points", "number of γ values, geometric from --gamma-max down to --gamma-min", 16);
        var range = RangeOption.Create("--gamma-range", "γ range as MIN:MAX[:POINTS] (or MIN,MAX[,POINTS], or 2–3 values), instead of --gamma-min/--gamma-max/--points");
        var units = CommonOptions.HiddenUnits("committee machine with K hidden units (weights file: K lines)");
        var tree = CommonOptions.Tree();
        var exact = new Option<bool>("--exact") { Description = $"also count the solutions at every distance exactly (at most {SmallInstance.MaxSynapses} synapses): S(d) = (1/N) ln N_d" };
        var threads = CommonOptions.PositiveInt("--threads", "threads for --exact (the result does not depend on it)", Environment.ProcessorCount);
        var json = CommonOptions.Json();
        var plot = CommonOptions.OutputFile("--plot", "write a PNG of S(d) and H(d)");
        foreach (Option o in new Option[] { patterns, weights, replicas, seed, gammaMax, gammaMin, points, range, units, tree, exact, threads, json, plot }) local.Options.Add(o);
        local.SetAction(parsed =>
        {
            double? y = parsed.GetValue(replicas);
            string? weightsPath = parsed.GetValue(weights)?.ToString();
            if (y is double yy && (!(yy >= 1) || !double.IsFinite(yy))) throw new UsageException($"--replicas must be a number >= 1, got {yy}");
            if ((y is null) == (weightsPath is null)) throw new UsageException("give --weights FILE (the curve around it) or --replicas Y (the replicated curve), one of the two");
            bool exactToo = parsed.GetValue(exact);
            if (exactToo && y is not null) throw new UsageException("--exact counts solutions around --weights; the replicated curve (--replicas) has no reference");
            var reference = new Reference(parsed.GetValue(patterns)!.ToString(), weightsPath, parsed.GetValue(units), parsed.GetValue(tree));
            if (exactToo) SmallInstance.CheckSize((long)reference.N * reference.K, reference.K > 1 ? "N·K" : "N");
            double high = parsed.GetValue(gammaMax), low = parsed.GetValue(gammaMin);
            int count = parsed.GetValue(points);
            if (parsed.GetValue(range) is { Length: > 0 } given)
            {
                if (parsed.GetResult(gammaMax) is { Implicit: false } || parsed.GetResult(gammaMin) is { Implicit: false })
                    throw new UsageException("give either --gamma-range or --gamma-min/--gamma-max, not both");
                (low, high, int? rangeCount) = RangeOption.Parse("--gamma-range", given);
                if (rangeCount is int c)
                {
                    if (parsed.GetResult(points) is { Implicit: false }) throw new UsageException("--gamma-range already gives the number of points; drop --points");
                    count = c;
                }
            }
            if (!(high > low)) throw new UsageException($"--gamma-max ({high}) must exceed --gamma-min ({low})");
            if (count < 2) throw new UsageException("--points must be at least 2");
            double[] grid = LocalEntropyCurve.GammaGrid(high, low, count);
            // The replicated curve is scoped: γ grows, BP warm-started, as in focusing BP.
            IReadOnlyList<LocalEntropyPoint> curve;
            EnumerationResult<IReadOnlyList<ExactLocalEntropyPoint>>? counted = null;
            using (var interrupt = new ConsoleInterrupt())
            {
                try
                {
                    curve = y is double ry
                        ? reference.ReplicatedCurve(ry, [.. grid.Reverse()], new Rng(parsed.GetValue(seed)), interrupt.Token)
                        : reference.Curve(grid, interrupt.Token);
                    if (exactToo)
                    {
                        var options = new SolutionEnumeratorOptions { Threads = parsed.GetValue(threads) };
                        counted = ConsoleProgress.Run("counting", progress => reference.ExactCurve(options, progress, interrupt.Token));
                        interrupt.Token.ThrowIfCancellationRequested();
                    }
                }
                catch (OperationCanceledException)
                {
                    Console.Error.WriteLine("landscape: interrupted; nothing written");
                    return LentApp.Interrupted;
                }
            }
            IReadOnlyList<ExactLocalEntropyPoint>? exactCurve = counted?.Value;
            int? errors = reference.Errors;
            if (errors > 0) Console.Error.WriteLine($"lent: note: the reference misclassifies {errors} patterns; S(d) then counts solutions near a non-solution");
            if (parsed.GetValue(plot) is { } png)
            {
                string title = y is double py
                    ? FormattableString.Invariant($"Replicated local entropy, y = {py:G4} ({reference.Description})")
                    : $"Local entropy around {Path.GetFileName(weightsPath)} ({reference.Description})";
                CurvePlot.SaveLocalEntropy(png.FullName, curve, title, exactCurve);
            }
            if (parsed.GetValue(json))
            {
                var rows = curve.Select(p => new { gamma = p.Gamma, d = p.Distance, s = p.Entropy, h = LocalEntropyCurve.UpperBound(p.Distance), q = p.Overlap, converged = p.Converged });
                var exactRows = exactCurve?.Select(p => new { distance = p.Hamming, d = p.Distance, solutions = p.Solutions, s = p.Entropy, h = LocalEntropyCurve.UpperBound(p.Distance) });
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    n = reference.N, k = reference.K, p = reference.P, replicas = y, referenceErrors = errors, points = rows,
                    solutions = counted?.Solutions, exact = exactRows,
                }));
            }
            else
            {
                Console.Out.WriteLine("gamma\td\tS(d)\tH(d)\tconverged");
                foreach (LocalEntropyPoint p in curve)
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{p.Gamma:F4}\t{p.Distance:F5}\t{p.Entropy:F5}\t{LocalEntropyCurve.UpperBound(p.Distance):F5}\t{p.Converged}"));
                }
                if (exactCurve is not null)
                {
                    Console.Out.WriteLine();
                    Console.Out.WriteLine($"exact: {counted!.Solutions} solutions in all");
                    Console.Out.WriteLine("distance\td\tN_d\tS(d)\tH(d)");
                    foreach (ExactLocalEntropyPoint p in exactCurve)
                    {
                        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{p.Hamming}\t{p.Distance:F5}\t{p.Solutions}\t{p.Entropy:F5}\t{LocalEntropyCurve.UpperBound(p.Distance):F5}"));
                    }
                }
            }
            return LentApp.Ok;
        });
        landscape.Subcommands.Add(local);
        landscape.Subcommands.Add(ClustersCommand.Build());
        landscape.Subcommands.Add(RobustnessCommand.Build());
        landscape.Subcommands.Add(GeneralizationCommand.Build());
        return landscape;
    }

    /// <summary>
    /// The instance (a perceptron, or a committee with --k) and, for the curve around a configuration, its weights.
    /// </summary>
    private sealed class Reference
    {
        private readonly Perceptron? _perceptron;
        private readonly CommitteeMachine? _committee;
        private readonly SpinVector? _weights;

        public Reference(string patternPath, string? weightsPath, int? units, bool tree)
        {
            if (CommonOptions.CommitteeUnits(units, tree) is int k)
            {
                _committee = PatternFile.ReadCommittee(patternPath, k, tree);
                _weights = weightsPath is null ? null : WeightsFile.ReadUnits(weightsPath, k, _committee.N);
                (N, K, P, Errors) = (_committee.N, k, _committee.P, _weights is null ? null : _committee.Errors(_weights));
                Description = FormattableString.Invariant($"N = {N}, K = {k}, α = {_committee.Alpha:G3}");
                return;
            }
            _perceptron = PatternFile.Read(patternPath);
            _weights = weightsPath is null ? null : WeightsFile.Read(weightsPath, _perceptron.N);
            (N, K, P, Errors) = (_perceptron.N, 1, _perceptron.P, _weights is null ? null : _perceptron.Errors(_weights));
            Description = FormattableString.Invariant($"N = {N}, α = {_perceptron.Alpha:G3}");
        }

        public int N { get; }

        public int K { get; }

        public int P { get; }

        /// <summary>Errors of the weights; null for the replicated curve, which has no reference.</summary>
        public int? Errors { get; }

        public string Description { get; }

        public IReadOnlyList<LocalEntropyPoint> Curve(double[] gammas, CancellationToken cancel) =>
            _committee is not null
                ? LocalEntropyCurve.Compute(_committee, _weights!, gammas, cancellationToken: cancel)
                : LocalEntropyCurve.Compute(_perceptron!, _weights!, gammas, cancellationToken: cancel);

        /// <summary>N_d around the weights, counted by exact enumeration.</summary>
        public EnumerationResult<IReadOnlyList<ExactLocalEntropyPoint>> ExactCurve(SolutionEnumeratorOptions options, IProgress<double>? progress, CancellationToken cancel)
        {
            SolutionEnumerator enumerator = _committee is not null ? new SolutionEnumerator(_committee, options) : new SolutionEnumerator(_perceptron!, options);
            return ExactLocalEntropy.Compute(enumerator, _weights!, progress, cancel);
        }

        public IReadOnlyList<LocalEntropyPoint> ReplicatedCurve(double y, double[] gammas, Rng rng, CancellationToken cancel) =>
            _committee is not null
                ? ReplicatedLocalEntropy.Compute(_committee, y, gammas, rng, cancellationToken: cancel)
                : ReplicatedLocalEntropy.Compute(_perceptron!, y, gammas, rng, cancellationToken: cancel);
    }
}
