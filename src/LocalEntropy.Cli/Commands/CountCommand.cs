using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LocalEntropy.IO;
using LocalEntropy.Landscape;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Cli.Output;

namespace LocalEntropy.Cli.Commands;

/// <summary>`lent count`: every solution of a small instance, counted exactly; optionally listed, sampled and clustered.</summary>
internal static class CountCommand
{
    public static Command Build()
    {
        var command = new Command("count", $"count every solution of a small instance exactly (at most {SmallInstance.MaxSynapses} synapses), optionally with its clusters");
        var source = new ProblemSource();
        source.AddTo(command);
        source.AddLevelsTo(command);
        var seed = CommonOptions.Seed("seed of a generated instance (stream 0) and of --sample (stream 2)");
        var clusters = new Option<bool>("--clusters") { Description = "also the connected components of the solutions under single flips" };
        var output = CommonOptions.OutputFile("--out", "write the solutions, one +/- string per line (a committee's units one after the other)");
        var sample = CommonOptions.PositiveInt("--sample", "with --out: write K distinct solutions drawn uniformly instead of all");
        var maxSeconds = CommonOptions.PositiveDouble("--max-seconds", "stop cleanly after this many seconds (exit 1, nothing written); default: no limit");
        var threads = CommonOptions.PositiveInt("--threads", "threads sharing the search (the result does not depend on it)", Environment.ProcessorCount);
        var json = CommonOptions.Json();
        foreach (Option o in new Option[] { seed, clusters, output, sample, maxSeconds, threads, json }) command.Options.Add(o);
        command.SetAction(parsed =>
        {
            ulong s = parsed.GetValue(seed);
            int? samples = parsed.GetResult(sample) is { Implicit: false } ? parsed.GetValue(sample) : null;
            FileInfo? file = parsed.GetValue(output);
            if (samples is not null && file is null) throw new UsageException("--sample needs --out FILE to write the sampled solutions to");
            if (samples is not null && parsed.GetValue(clusters)) throw new UsageException("--sample and --clusters do not go together");
            if (source.LoadLevels(parsed, s) is { } levels)
            {
                if (file is not null || parsed.GetValue(clusters) || parsed.GetResult(maxSeconds) is { Implicit: false })
                    throw new UsageException("with --levels, count gives the number of solutions only (no --out, --sample, --clusters or --max-seconds)");
                using var stop = new ConsoleInterrupt();
                return CountLevels(levels, parsed.GetValue(json), stop.Token);
            }
            var options = new SolutionEnumeratorOptions
            {
                Threads = parsed.GetValue(threads),
                TimeLimit = parsed.GetResult(maxSeconds) is { Implicit: false } ? TimeSpan.FromSeconds(parsed.GetValue(maxSeconds)) : Timeout.InfiniteTimeSpan,
            };
            SmallInstance instance = SmallInstance.Load(source, parsed, s, options);
            var request = new Request(instance, parsed.GetValue(clusters), file?.FullName, samples, new Rng(s).Fork(2), parsed.GetValue(json));
            using var interrupt = new ConsoleInterrupt();
            return Execute(request, interrupt.Token);
        });
        return command;
    }

    private sealed record Request(SmallInstance Instance, bool Clusters, string? Output, int? Samples, Rng SampleRng, bool Json);

    private static int Execute(Request request, CancellationToken cancel)
    {
        SmallInstance instance = request.Instance;
        SolutionEnumerator enumerator = instance.Enumerator;
        ClusterSummary? clusters = null;
        EnumerationResult<long>? streamed = null;
        EnumerationResult<long> counted;
        try
        {
            counted = ConsoleProgress.Run("enumerating", progress =>
            {
                if (request.Samples is int k)
                {
                    EnumerationResult<IReadOnlyList<SpinVector>?> drawn = enumerator.Sample(k, request.SampleRng, cancel);
                    if (drawn.Value is { } chosen) WriteSolutions(request.Output!, w => { foreach (SpinVector v in chosen) w.WriteLine(v.ToPlusMinus()); });
                    return Counted(drawn);
                }
                if (request.Clusters)
                {
                    EnumerationResult<SolutionSet> all = enumerator.Solutions(progress, cancel);
                    if (!all.Complete) return Counted(all);
                    clusters = all.Value.Clusters();
                    if (request.Output is { } path) WriteSolutions(path, w => { for (int i = 0; i < all.Value.Count; i++) w.WriteLine(all.Value[i].ToPlusMinus()); });
                    return Counted(all);
                }
                if (request.Output is { } file)
                {
                    // An unfinished stream aborts the write, so no partial file is left behind.
                    WriteSolutions(file, w =>
                    {
                        streamed = enumerator.ForEach(v => w.WriteLine(v.ToPlusMinus()), progress, cancel);
                        if (!streamed.Complete) throw new IncompleteException();
                    });
                    return streamed!;
                }
                return enumerator.Count(progress, cancel);
            });
        }
        catch (IncompleteException)
        {
            counted = streamed!;
        }
        switch (counted.Stop)
        {
            case EnumerationStop.Cancelled:
                Console.Error.WriteLine("count: interrupted; nothing written");
                return LentApp.Interrupted;
            case EnumerationStop.TimeLimit:
                Console.Error.WriteLine(FormattableString.Invariant(
                    $"count: stopped at the time limit after {counted.Elapsed.TotalSeconds:F1} s, with at least {counted.Solutions} solutions; nothing written"));
                return LentApp.NotReached;
            case EnumerationStop.TooManySolutions:
                Console.Error.WriteLine(FormattableString.Invariant(
                    $"count: {counted.Solutions} solutions are more than the {new SolutionEnumeratorOptions().MaxStoredSolutions} that --clusters keeps in memory; nothing written"));
                return LentApp.NotReached;
        }
        Report(request, counted, clusters);
        return LentApp.Ok;
    }

    private static EnumerationResult<long> Counted<T>(EnumerationResult<T> r) => new(r.Solutions, r.Solutions, r.Nodes, r.Stop, r.Elapsed);

    /// <summary>Largest number of multi-level configurations (L+1)^N the command line enumerates (one field update of P patterns each).</summary>
    private const double MaxLevelConfigurations = 1L << 32;

    private static int CountLevels(LevelPerceptron problem, bool json, CancellationToken cancel)
    {
        double configurations = Math.Pow(problem.Levels + 1, problem.N);
        if (configurations > MaxLevelConfigurations)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"exact enumeration with --levels is limited to 2^32 configurations; (L+1)^N = {problem.Levels + 1}^{problem.N} = {configurations:G3}"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long solutions;
        try
        {
            solutions = ConsoleProgress.Run("enumerating", _ => problem.CountSolutions(cancel));
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("interrupted: nothing counted");
            return LentApp.Interrupted;
        }
        double seconds = Math.Round(clock.Elapsed.TotalSeconds, 4);
        Console.Out.WriteLine(json
            ? JsonSerializer.Serialize(new { n = problem.N, k = 1, p = problem.P, alpha = problem.Alpha, levels = problem.Levels, solutions, configurations, seconds })
            : string.Create(CultureInfo.InvariantCulture,
                $"N = {problem.N}, P = {problem.P} (α = {problem.Alpha:G4}), L = {problem.Levels}: {solutions} solutions of {configurations:R} configurations ({seconds:F2} s)"));
        return LentApp.Ok;
    }

    private static void WriteSolutions(string path, Action<TextWriter> write) => AtomicFile.Write(path, write);

    private static void Report(Request request, EnumerationResult<long> counted, ClusterSummary? clusters)
    {
        SmallInstance i = request.Instance;
        double seconds = Math.Round(counted.Elapsed.TotalSeconds, 4);
        if (request.Json)
        {
            var sizes = clusters?.Sizes.Select(c => new { size = c.Size, clusters = c.Clusters });
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                n = i.N,
                k = i.K,
                p = i.P,
                alpha = i.Alpha,
                solutions = counted.Value,
                clusters = clusters?.Clusters,
                largest = clusters?.Largest,
                clusterSizes = sizes,
                sampled = request.Samples is null ? (long?)null : Math.Min(request.Samples.Value, counted.Value),
                nodes = counted.Nodes,
                seconds,
            }));
            return;
        }
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{i.Description}: {counted.Value} solutions ({seconds:F2} s, {counted.Nodes} search nodes)"));
        if (clusters is not null)
        {
            double fraction = counted.Value == 0 ? 0 : (double)clusters.Largest / counted.Value;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"clusters: {clusters.Clusters}, largest: {clusters.Largest} ({fraction:P1} of the solutions)"));
            Console.Out.WriteLine("size\tclusters");
            foreach (ClusterSizeCount c in clusters.Sizes) Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Size}\t{c.Clusters}"));
        }
        if (request.Output is { } path) Console.Error.WriteLine($"wrote {path}");
    }

    /// <summary>Thrown inside an atomic write to abandon it.</summary>
    private sealed class IncompleteException : Exception;
}

/// <summary>An instance read or generated for exact enumeration, with the size checked up front.</summary>
internal sealed class SmallInstance
{
    /// <summary>
    /// Largest number of synapses the command line enumerates: 2^40 configurations already take hours at low load, and
    /// the work doubles with every synapse.
    /// </summary>
    public const int MaxSynapses = 40;

    private SmallInstance(SolutionEnumerator enumerator, int n, int k, int p, double alpha)
    {
        (Enumerator, N, K, P, Alpha) = (enumerator, n, k, p, alpha);
    }

    public SolutionEnumerator Enumerator { get; }

    public int N { get; }

    public int K { get; }

    public int P { get; }

    public double Alpha { get; }

    public string Description => string.Create(CultureInfo.InvariantCulture, $"N = {N}{(K > 1 ? $", K = {K}" : "")}, P = {P} (α = {Alpha:G4})");

    public static SmallInstance Load(ProblemSource source, ParseResult parsed, ulong seed, SolutionEnumeratorOptions options)
    {
        // A generated instance is checked before it is built.
        if (parsed.GetResult(source.N) is { Implicit: false })
        {
            int? units = parsed.GetValue(source.HiddenUnits);
            CheckSize((long)parsed.GetValue(source.N) * (units ?? 1), units is null ? "N" : "N·K");
        }
        if (source.LoadCommittee(parsed, seed) is { } committee)
        {
            CheckSize(committee.N * committee.K, "N·K");
            return new SmallInstance(new SolutionEnumerator(committee, options), committee.N, committee.K, committee.P, committee.Alpha);
        }
        Perceptron perceptron = source.Load(parsed, seed);
        CheckSize(perceptron.N, "N");
        return new SmallInstance(new SolutionEnumerator(perceptron, options), perceptron.N, 1, perceptron.P, perceptron.Alpha);
    }

    /// <summary>Refuses an instance too large to enumerate, naming the limit.</summary>
    public static void CheckSize(long synapses, string what)
    {
        if (synapses > MaxSynapses)
            throw new UsageException($"exact enumeration is limited to {MaxSynapses} synapses (2^{MaxSynapses} configurations); this instance has {what} = {synapses}");
    }
}
