using System.Globalization;
using LocalEntropy.Experiments;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// The `lent sweep` commands that make the stored runs of a report section, read back from their grid coordinates
/// and their `lent solve` commands. Runs with other chains, threads or budgets came from another command (edmc's
/// default budget differs, say), so each such group gets its own. A setting with one value is a --set, one with
/// several a --grid; settings keep the order the runs applied them in (a later one can refine an earlier one).
/// A command's grid is every (N, α, algorithm) of its values, so runs that do not fill one are split (see <see cref="Grids"/>).
/// </summary>
internal static class SweepCommandLine
{
    public static IReadOnlyList<string> Of(ReportSection section, string database) =>
        [.. section.Series.Select(s => Setup(s.Command)).Distinct().SelectMany(setup =>
            Grids([.. section.Runs.Where(r => Setup(r.Command) == setup)], [.. section.Series.Select(x => x.Command.Algorithm)]).Select(runs => Command(
                section, runs, [.. section.Series.Where(s => Setup(s.Command) == setup && runs.Any(r => r.Algorithm == s.Command.Algorithm))], database)))];

    /// <summary>What one `lent sweep` command gives all of its runs.</summary>
    private static (int, int, double, long?) Setup(SolveCommandLine c) => (c.Chains, c.Threads, c.MaxSeconds, c.MaxIterations);

    /// <summary>
    /// The runs of one setup as grids that are each every (N, α, algorithm) of their values: all the runs when they
    /// are; otherwise the algorithms grouped by the cells (N, α) they cover, and a group that still leaves cells out
    /// split by N or by α, whichever makes fewer commands. Sweeps whose grids differ by algorithm come out this way:
    /// dense BP (fbp, bp-r) is refused at sizes the other algorithms run at. Groups follow <paramref name="algorithms"/>,
    /// parts go by increasing N or α: the order the runs were stored in, which workers decide, plays no part.
    /// </summary>
    private static IEnumerable<StoredRun[]> Grids(StoredRun[] runs, IReadOnlyList<string> algorithms)
    {
        if (Rectangular(runs))
        {
            yield return runs;
            yield break;
        }
        var byAlgorithm = runs.GroupBy(r => r.Algorithm, StringComparer.Ordinal).OrderBy(g => algorithms.ToList().IndexOf(g.Key));
        foreach (var group in byAlgorithm.GroupBy(Cells, StringComparer.Ordinal))
        {
            StoredRun[] grid = [.. group.SelectMany(algorithm => algorithm)];
            if (Rectangular(grid))
            {
                yield return grid;
                continue;
            }
            StoredRun[][] bySize = [.. grid.GroupBy(r => r.N).OrderBy(g => g.Key).Select(g => g.ToArray())];
            StoredRun[][] byLoad = [.. grid.GroupBy(r => r.Alpha).OrderBy(g => g.Key).Select(g => g.ToArray())];
            foreach (StoredRun[] part in bySize.Length <= byLoad.Length ? bySize : byLoad) yield return part;
        }
    }

    /// <summary>Whether the runs cover every combination of their sizes, loads and algorithms.</summary>
    private static bool Rectangular(StoredRun[] runs) =>
        runs.Select(r => (r.N, r.Alpha, r.Algorithm)).Distinct().Count()
            == runs.Select(r => r.N).Distinct().Count() * runs.Select(r => r.Alpha).Distinct().Count() * runs.Select(r => r.Algorithm).Distinct().Count();

    /// <summary>The cells (N, α) the runs cover, as a key.</summary>
    private static string Cells(IEnumerable<StoredRun> runs) =>
        string.Join(';', runs.Select(r => (r.N, r.Alpha)).Distinct().Order().Select(c => FormattableString.Invariant($"{c.N}/{c.Alpha:R}")));

    private static string Command(ReportSection section, StoredRun[] runs, ReportSeries[] series, string database)
    {
        SolveCommandLine how = series[0].Command;
        var words = new List<string> { "lent", "sweep" };
        if (section.Problem == "committee") words.AddRange(["--problem", "committee", "--k", Text(section.K)]);
        if (section.Teacher) words.Add("--teacher");
        words.AddRange(["--n", Grid([.. runs.Select(r => (double)r.N)]), "--alphas", Grid([.. runs.Select(r => r.Alpha)])]);
        words.AddRange(["--algorithms", string.Join(',', series.Select(s => s.Command.Algorithm).Distinct()), "--seeds", Seeds(runs)]);
        if (how.Chains != 1) words.AddRange(["--chains", Text(how.Chains)]);
        if (how.Threads != 1) words.AddRange(["--threads", Text(how.Threads)]);
        words.AddRange(["--max-seconds", how.MaxSeconds.ToString("R", CultureInfo.InvariantCulture)]);
        if (how.MaxIterations is long i) words.AddRange(["--max-iterations", Text(i)]);
        foreach (var setting in series.SelectMany(s => s.Command.Settings).GroupBy(s => s.Path, StringComparer.OrdinalIgnoreCase))
        {
            string[] values = [.. setting.Select(s => s.Value ?? "null").Distinct()];
            words.AddRange(values.Length == 1 ? ["--set", $"{setting.Key}={values[0]}"] : ["--grid", $"{setting.Key}={string.Join(',', values)}"]);
        }
        words.AddRange(["--db", database, "--name", section.Sweep]);
        return string.Join(' ', words.Select(ShellWords.Quote));
    }

    /// <summary>The distinct values, increasing: as MIN:MAX:STEP when that gives exactly them, else listed.</summary>
    private static string Grid(double[] values)
    {
        double[] v = [.. values.Distinct().Order()];
        string list = string.Join(',', v.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
        if (v.Length < 3) return list;
        decimal step = (decimal)v[1] - (decimal)v[0];
        // Only evenly spaced values can be a range (and an uneven list could ask for a huge one).
        if (step <= 0 || Math.Abs((double)(((decimal)v[^1] - (decimal)v[0]) / step) - (v.Length - 1)) > 0.5) return list;
        string range = FormattableString.Invariant($"{v[0]:R}:{v[^1]:R}:{step}");
        return ValueGrid.PositiveNumbers("--alphas", range).SequenceEqual(v) ? range : list;
    }

    /// <summary>The seeds as --seeds takes them: K for 1…K, else FIRST:LAST (which covers any gaps).</summary>
    private static string Seeds(StoredRun[] runs)
    {
        ulong first = runs.Min(r => r.Seed), last = runs.Max(r => r.Seed);
        return first == 1 ? Text(last) : FormattableString.Invariant($"{first}:{last}");
    }

    private static string Text<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
}
