using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LocalEntropy.Cli.Output;
using LocalEntropy.IO;
using LocalEntropy.Landscape;
using LocalEntropy.Problems;

namespace LocalEntropy.Cli.Commands;

/// <summary>`lent landscape local-entropy`: S(d) around a weight vector, by BP, against the bound H(d).</summary>
internal static class LandscapeCommand
{
    public static Command Build()
    {
        var landscape = new Command("landscape", "measure the solution space around a configuration");
        var local = new Command("local-entropy", "local entropy S(d) around a weight vector (BP with a field γ towards it), with the bound H(d)");
        var patterns = CommonOptions.ExistingFile("--patterns", "pattern file");
        patterns.Required = true;
        var weights = CommonOptions.ExistingFile("--weights", "reference weights (usually a solution)");
        weights.Required = true;
        var gammaMax = CommonOptions.PositiveDouble("--gamma-max", "largest coupling γ (smallest distance)", 4);
        var gammaMin = CommonOptions.PositiveDouble("--gamma-min", "smallest coupling γ (largest distance)", 0.2);
        var points = CommonOptions.PositiveInt("--points", "number of γ values, geometric from --gamma-max down to --gamma-min", 16);
        var json = CommonOptions.Json();
        var plot = new Option<FileInfo?>("--plot") { Description = "write a PNG of S(d) and H(d)" };
        foreach (Option o in new Option[] { patterns, weights, gammaMax, gammaMin, points, json, plot }) local.Options.Add(o);
        local.SetAction(parsed =>
        {
            Perceptron problem = PatternFile.Read(parsed.GetValue(patterns)!.ToString());
            var reference = WeightsFile.Read(parsed.GetValue(weights)!.ToString(), problem.N);
            double high = parsed.GetValue(gammaMax), low = parsed.GetValue(gammaMin);
            if (!(high > low)) throw new UsageException($"--gamma-max ({high}) must exceed --gamma-min ({low})");
            int count = parsed.GetValue(points);
            if (count < 2) throw new UsageException("--points must be at least 2");
            double[] grid = LocalEntropyCurve.GammaGrid(high, low, count);
            IReadOnlyList<LocalEntropyPoint> curve = LocalEntropyCurve.Compute(problem, reference, grid);
            int errors = problem.Errors(reference);
            if (errors > 0) Console.Error.WriteLine($"lent: note: the reference misclassifies {errors} patterns; S(d) then counts solutions near a non-solution");
            if (parsed.GetValue(plot) is { } png)
            {
                string file = png.FullName;
                CurvePlot.SaveLocalEntropy(file, curve, $"Local entropy around {Path.GetFileName(parsed.GetValue(weights)!.ToString())} (N = {problem.N}, α = {problem.Alpha:G3})");
            }
            if (parsed.GetValue(json))
            {
                var rows = curve.Select(p => new { gamma = p.Gamma, d = p.Distance, s = p.Entropy, h = LocalEntropyCurve.UpperBound(p.Distance), q = p.Overlap, converged = p.Converged });
                Console.Out.WriteLine(JsonSerializer.Serialize(new { n = problem.N, p = problem.P, referenceErrors = errors, points = rows }));
            }
            else
            {
                Console.Out.WriteLine("gamma\td\tS(d)\tH(d)\tconverged");
                foreach (LocalEntropyPoint p in curve)
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{p.Gamma:F4}\t{p.Distance:F5}\t{p.Entropy:F5}\t{LocalEntropyCurve.UpperBound(p.Distance):F5}\t{p.Converged}"));
                }
            }
            return LentApp.Ok;
        });
        landscape.Subcommands.Add(local);
        return landscape;
    }
}
