using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LocalEntropy.Cli.Output;
using LocalEntropy.IO;
using LocalEntropy.Landscape;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// `lent landscape robustness`: the training errors that flipping a random fraction p of the weights adds, for one or
/// more weights files on the same instance (one curve each).
/// </summary>
internal static class RobustnessCommand
{
    private const int DefaultCount = 20;

    public static Command Build()
    {
        var command = new Command("robustness", "mean and spread of the training errors added by flipping a random fraction p of the weights (local energy), one curve per weights file");
        var patterns = CommonOptions.ExistingFile("--patterns", "pattern file");
        patterns.Required = true;
        var weights = ExistingFiles("--weights", "weights files, comma-separated; one curve each");
        var labels = new Option<string[]>("--labels") { Description = "curve labels, comma-separated, one per weights file (default: the file names)" };
        var fractions = RangeOption.Create("--fractions", $"fractions p of the weights to flip: MIN:MAX[:COUNT], COUNT (default {DefaultCount}) evenly spaced values, 0 < p <= 1", "0.01:0.2:20");
        var samples = CommonOptions.PositiveInt("--samples", "random flip sets per fraction", 200);
        var seed = CommonOptions.Seed("seed of the flip sets; every weights file sees the same sets");
        var units = CommonOptions.HiddenUnits("committee machine with K hidden units (weights files: K lines); p is then a fraction of the N·K synapses");
        var tree = CommonOptions.Tree();
        var json = CommonOptions.Json();
        var plot = CommonOptions.OutputFile("--plot", "write a PNG of the mean increase against p, with ± one standard deviation bands");
        foreach (Option o in new Option[] { patterns, weights, labels, fractions, samples, seed, units, tree, json, plot }) command.Options.Add(o);
        command.SetAction(parsed =>
        {
            var options = new RobustnessOptions { Fractions = ParseFractions(parsed.GetValue(fractions)!), Samples = parsed.GetValue(samples) };
            string[] files = Split(parsed.GetValue(weights)!);
            string[] names = parsed.GetValue(labels) is { Length: > 0 } given ? Split(given) : [.. files.Select(f => Path.GetFileName(f))];
            if (names.Length != files.Length)
                throw new UsageException($"--labels gives {names.Length} labels for {files.Length} weights files; give one per file");
            ulong s = parsed.GetValue(seed);
            var instance = Instance.Load(parsed.GetValue(patterns)!.ToString(), parsed.GetValue(units), parsed.GetValue(tree));
            SpinVector[] vectors = [.. files.Select(instance.ReadWeights)];

            var curves = new List<Curve>(files.Length);
            using (var interrupt = new ConsoleInterrupt())
            {
                try
                {
                    for (int i = 0; i < files.Length; i++)
                    {
                        // The same seed for every file: all curves see the same flip sets.
                        var points = RobustnessCurve.Compute(instance.Problem, vectors[i], options, new Rng(s), interrupt.Token);
                        curves.Add(new Curve(names[i], files[i], instance.Problem.Errors(vectors[i]), points));
                    }
                }
                catch (OperationCanceledException)
                {
                    Console.Error.WriteLine("landscape: interrupted; nothing written");
                    return LentApp.Interrupted;
                }
            }
            foreach (Curve c in curves.Where(c => c.Errors > 0))
                Console.Error.WriteLine($"lent: note: {c.File} misclassifies {c.Errors} patterns; the curve counts errors added to those");
            if (parsed.GetValue(plot) is { } png)
            {
                string title = $"Robustness ({instance.Description}, {options.Samples} samples)";
                CurvePlot.SaveRobustness(png.FullName, [.. curves.Select(c => (c.Label, c.Points))], title);
            }
            if (parsed.GetValue(json))
            {
                var rows = curves.Select(c => new
                {
                    label = c.Label,
                    file = c.File,
                    errors = c.Errors,
                    points = c.Points.Select(p => new { fraction = p.Fraction, flips = p.Flips, mean = p.Mean, std = p.StdDev, stderr = p.StdError, min = p.Min, max = p.Max, meanPerPattern = p.MeanPerPattern }),
                });
                Console.Out.WriteLine(JsonSerializer.Serialize(new { n = instance.N, k = instance.K, p = instance.P, seed = s, samples = options.Samples, curves = rows }));
            }
            else
            {
                WriteTable(curves);
            }
            return LentApp.Ok;
        });
        return command;
    }

    private sealed record Curve(string Label, string File, int Errors, IReadOnlyList<RobustnessPoint> Points);

    /// <summary>The instance the curves are measured on, and how its weights files are read.</summary>
    private sealed record Instance(IEnergyProblem<SpinVector> Problem, int N, int K, int P, string Description, Func<string, SpinVector> ReadWeights)
    {
        public static Instance Load(string patternPath, int? units, bool tree)
        {
            if (CommonOptions.CommitteeUnits(units, tree) is int k)
            {
                CommitteeMachine c = PatternFile.ReadCommittee(patternPath, k, tree);
                return new Instance(c, c.N, k, c.P, FormattableString.Invariant($"N = {c.N}, K = {k}, α = {c.Alpha:G3}"), path => WeightsFile.ReadUnits(path, k, c.N));
            }
            Perceptron p = PatternFile.Read(patternPath);
            return new Instance(p, p.N, 1, p.P, FormattableString.Invariant($"N = {p.N}, α = {p.Alpha:G3}"), path => WeightsFile.Read(path, p.N));
        }
    }

    /// <summary>MIN:MAX[:COUNT] as COUNT evenly spaced fractions of the weights.</summary>
    private static double[] ParseFractions(string[] tokens)
    {
        (double low, double high, int? count) = RangeOption.Parse("--fractions", tokens);
        if (high > 1) throw new UsageException(FormattableString.Invariant($"--fractions: a fraction of the weights is at most 1, got {high}"));
        if (!(high > low)) throw new UsageException(FormattableString.Invariant($"--fractions: MAX must exceed MIN, got {low}:{high}"));
        return RobustnessCurve.Grid(low, high, count ?? DefaultCount);
    }

    private static string[] Split(string[] values) =>
        [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    /// <summary>A comma-separated list of files (the option may also repeat), each of which must exist.</summary>
    private static Option<string[]> ExistingFiles(string name, string description)
    {
        var option = new Option<string[]>(name) { Description = description, Required = true };
        option.Validators.Add(r =>
        {
            if (CommonOptions.TryValue(r, out string[]? values) && values is not null
                && Split(values).FirstOrDefault(f => !File.Exists(f)) is { } missing)
            {
                r.AddError($"{name}: file not found: {missing}");
            }
        });
        return option;
    }

    /// <summary>One row per fraction: p, flips, then mean and standard deviation of every curve.</summary>
    private static void WriteTable(List<Curve> curves)
    {
        Console.Out.WriteLine(string.Join('\t', ["p", "flips", .. curves.SelectMany(c => new[] { $"{c.Label} mean", $"{c.Label} std" })]));
        for (int i = 0; i < curves[0].Points.Count; i++)
        {
            RobustnessPoint first = curves[0].Points[i];
            IEnumerable<string> cells = curves.SelectMany(c => new[] { Number(c.Points[i].Mean), Number(c.Points[i].StdDev) });
            Console.Out.WriteLine(string.Join('\t', [Number(first.Fraction), first.Flips.ToString(CultureInfo.InvariantCulture), .. cells]));
        }
    }

    private static string Number(double x) => x.ToString("F4", CultureInfo.InvariantCulture);
}
