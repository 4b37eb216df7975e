using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LocalEntropy.Cli.Output;
using LocalEntropy.Landscape;
using LocalEntropy.Problems;

namespace LocalEntropy.Cli.Commands;

/// <summary>`lent landscape clusters`: the SOLUTIONS / CLUSTERS / LARGEST table over loads, from exact enumeration.</summary>
internal static class ClustersCommand
{
    public static Command Build()
    {
        var command = new Command("clusters", "enumerate small random instances at several loads: mean number of solutions, of clusters, size of the largest");
        var n = CommonOptions.PositiveInt("--n", $"inputs N (at most {SmallInstance.MaxSynapses}; odd N avoids zero fields)");
        n.Required = true;
        var alphas = new Option<string>("--alphas") { Description = "loads α = P/N: A1,A2,… or MIN:MAX:STEP", Required = true };
        var seeds = new Option<string>("--seeds") { Description = "instance seeds: K for 1…K, or FIRST:LAST", DefaultValueFactory = _ => "10" };
        var teacher = new Option<bool>("--teacher") { Description = "teacher-student instances instead of random labels" };
        var threads = CommonOptions.PositiveInt("--threads", "threads sharing each enumeration (the result does not depend on it)", Environment.ProcessorCount);
        var plot = CommonOptions.OutputFile("--plot", "write a PNG of the table against α");
        var json = CommonOptions.Json();
        foreach (Option o in new Option[] { n, alphas, seeds, teacher, threads, plot, json }) command.Options.Add(o);
        command.SetAction(parsed =>
        {
            int size = parsed.GetValue(n);
            SmallInstance.CheckSize(size, "N");
            double[] loads = ValueGrid.PositiveNumbers("--alphas", parsed.GetValue(alphas)!);
            ulong[] instanceSeeds = ValueGrid.Seeds("--seeds", parsed.GetValue(seeds)!);
            bool planted = parsed.GetValue(teacher);
            var options = new SolutionEnumeratorOptions { Threads = parsed.GetValue(threads) };
            List<ClusterTableRow> rows;
            using (var interrupt = new ConsoleInterrupt())
            {
                rows = ConsoleProgress.Run("clusters", progress => Measure(size, loads, instanceSeeds, planted, options, progress, interrupt.Token));
                if (interrupt.Token.IsCancellationRequested)
                {
                    Console.Error.WriteLine("clusters: interrupted; nothing written");
                    return LentApp.Interrupted;
                }
            }
            if (parsed.GetValue(plot) is { } png)
            {
                string kind = planted ? "teacher-student" : "random";
                CurvePlot.SaveClusters(png.FullName, rows, $"Solutions and clusters, {kind} binary perceptron N = {size}, {instanceSeeds.Length} instances per α");
            }
            if (parsed.GetValue(json)) PrintJson(size, planted, rows);
            else PrintTable(rows);
            return LentApp.Ok;
        });
        return command;
    }

    private static List<ClusterTableRow> Measure(
        int n, double[] alphas, ulong[] seeds, bool teacher, SolutionEnumeratorOptions options, IProgress<double>? progress, CancellationToken cancel)
    {
        var rows = new List<ClusterTableRow>();
        int done = 0;
        foreach (double alpha in alphas)
        {
            var instances = new List<InstanceClusters>();
            foreach (ulong seed in seeds)
            {
                Perceptron problem = ProblemSource.Generate(n, alpha, teacher, seed);
                InstanceClusters? measured = InstanceClusters.Measure(seed, new SolutionEnumerator(problem, options), cancel);
                if (measured is null)
                {
                    // Cancelled, or more solutions than memory allows: either way the table cannot be exact.
                    if (cancel.IsCancellationRequested) return rows;
                    throw new UsageException(FormattableString.Invariant(
                        $"N = {n}, α = {alpha}, seed {seed} has more solutions than can be clustered in memory ({options.MaxStoredSolutions}); use a smaller N or a larger α"));
                }
                instances.Add(measured);
                progress?.Report((double)++done / (alphas.Length * seeds.Length));
            }
            rows.Add(new ClusterTableRow(alpha, PerceptronGenerator.PatternCount(n, alpha), instances));
        }
        return rows;
    }

    private static void PrintTable(List<ClusterTableRow> rows)
    {
        Console.Out.WriteLine("alpha\tP\tinstances\tsolvable\tSOLUTIONS\tCLUSTERS\tLARGEST\tfraction_in_largest");
        foreach (ClusterTableRow r in rows)
        {
            string fraction = r.MeanFractionInLargest is double f ? f.ToString("F3", CultureInfo.InvariantCulture) : "—";
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Alpha:G4}\t{r.Patterns}\t{r.Instances.Count}\t{r.Solvable}\t{r.MeanSolutions:F1}\t{r.MeanClusters:F1}\t{r.MeanLargest:F1}\t{fraction}"));
        }
    }

    private static void PrintJson(int n, bool teacher, List<ClusterTableRow> rows) =>
        Console.Out.WriteLine(JsonSerializer.Serialize(new
        {
            n,
            teacher,
            rows = rows.Select(r => new
            {
                alpha = r.Alpha,
                p = r.Patterns,
                instances = r.Instances.Count,
                solvable = r.Solvable,
                solutions = r.MeanSolutions,
                clusters = r.MeanClusters,
                largest = r.MeanLargest,
                fractionInLargest = r.MeanFractionInLargest,
                perInstance = r.Instances.Select(i => new { seed = i.Seed, solutions = i.Solutions, clusters = i.Clusters, largest = i.Largest }),
            }),
        }));
}
