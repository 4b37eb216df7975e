using System.Globalization;
using LocalEntropy.Experiments;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// The `lent sweep` commands that make the stored runs of a report section, read back from their grid coordinates
/// and their `lent solve` commands. Runs with other chains, threads or budgets came from another command (edmc's
/// default budget differs, say), so each such group gets its own. A setting with one value is a --set, one with
/// several a --grid; settings keep the order the runs applied them in (a later one can refine an earlier one).
/// </summary>
internal static class SweepCommandLine
{
    public static IReadOnlyList<string> Of(ReportSection section, string database) =>
        [.. section.Series.Select(s => Setup(s.Command)).Distinct().Select(setup => Command(
            section, [.. section.Runs.Where(r => Setup(r.Command) == setup)], [.. section.Series.Where(s => Setup(s.Command) == setup)], database))];

    /// <summary>What one `lent sweep` command gives all of its runs.</summary>
    private static (int, int, double, long?) Setup(SolveCommandLine c) => (c.Chains, c.Threads, c.MaxSeconds, c.MaxIterations);

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
