using System.Globalization;
using System.Net;
using LocalEntropy.Experiments;
using static System.FormattableString;

namespace LocalEntropy.Cli.Output;

/// <summary>A figure of a report: its PNG file (next to index.html), a short title and a caption saying how to read it.</summary>
internal sealed record ReportFigure(string File, string Title, string Caption);

/// <summary>What the page shows of one section: the commands that made its runs, its figures, its theory references and its scaling laws in N.</summary>
internal sealed record SectionPage(
    ReportSection Section, IReadOnlyList<string> SweepCommands, IReadOnlyList<ReportFigure> Figures, ReportTheory Theory, IReadOnlyList<ScalingLaw> Scaling);

/// <summary>
/// The report's index.html: self-contained (inline style, no scripts, images next to it by relative name), with the
/// numbers behind every figure and the commands that reproduce them.
/// </summary>
internal static class ReportPage
{
    private const string Style = """
        body { font-family: sans-serif; max-width: 1240px; margin: 2em auto; padding: 0 1em; color: #222; }
        pre { background: #f4f4f4; padding: 0.6em; overflow-x: auto; white-space: pre-wrap; }
        img { max-width: 100%; height: auto; border: 1px solid #ddd; }
        figure { margin: 1.5em 0; }
        figcaption { max-width: 60em; }
        table { border-collapse: collapse; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        """;

    public static void Write(TextWriter w, string database, string reportCommand, string version, IReadOnlyList<SectionPage> sections)
    {
        w.WriteLine("<!DOCTYPE html>");
        w.WriteLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        w.WriteLine($"<title>LocalEntropy report: {H(string.Join(", ", sections.Select(s => s.Section.Sweep).Distinct()))}</title>");
        w.WriteLine($"<style>{Style}</style></head><body>");
        w.WriteLine("<h1>LocalEntropy sweep report</h1>");
        w.WriteLine($"<p>Runs of <code>{H(database)}</code>, reported by lent {H(version)} with</p>");
        w.WriteLine($"<pre>{H(reportCommand)}</pre>");
        foreach (SectionPage page in sections) Section(w, page, database, reportCommand);
        w.WriteLine("</body></html>");
    }

    private static void Section(TextWriter w, SectionPage page, string database, string reportCommand)
    {
        ReportSection s = page.Section;
        w.WriteLine($"<section><h2>Sweep <code>{H(s.Sweep)}</code>: {H(s.Instances)}</h2>");
        ulong[] seeds = [.. s.Runs.Select(r => r.Seed).Distinct().Order()];
        w.WriteLine(Invariant($"<p>{s.Runs.Count} runs ({s.Runs.Count(r => r.Solved)} solved): {H(string.Join(", ", s.Series.Select(x => x.Label)))} at N = {string.Join(", ", s.Sizes)}, ") +
            Invariant($"α = {string.Join(", ", s.Alphas.Select(a => a.ToString("R", CultureInfo.InvariantCulture)))}, {seeds.Length} instance seeds ({seeds[0]}–{seeds[^1]}); ") +
            $"run from {H(s.Runs.Select(r => r.StartedAt).Min(StringComparer.Ordinal)!)} to {H(s.Runs.Select(r => r.FinishedAt).Max(StringComparer.Ordinal)!)} " +
            $"on {H(string.Join(", ", s.Runs.Select(r => r.Host).Distinct()))} by lent {H(string.Join(", ", s.Runs.Select(r => r.Version).Distinct()))}.</p>");

        w.WriteLine("<h3>Commands</h3>");
        w.WriteLine("<p>The runs (run again on the same database, the sweep finds every stored point and runs only those missing):</p>");
        w.WriteLine($"<pre>{H(string.Join('\n', page.SweepCommands))}</pre>");
        w.WriteLine("<p>The figures and tables of this page:</p>");
        w.WriteLine($"<pre>{H(reportCommand)}</pre>");
        w.WriteLine($"<p>Every run with the <code>lent solve</code> command that repeats it (column <code>command</code>): <code>{H($"lent sweep --db {ShellWords.Quote(database)} --name {ShellWords.Quote(s.Sweep)} --export runs.csv")}</code>.</p>");

        foreach (ReportFigure f in page.Figures)
        {
            w.WriteLine($"<figure><img src=\"{H(Uri.EscapeDataString(f.File))}\" alt=\"{H(f.Title)}\">");
            w.WriteLine($"<figcaption><b>{H(f.Title)}.</b> {H(f.Caption)} Made by the commands above.</figcaption></figure>");
        }
        Theory(w, page.Theory);
        Exponents(w, page.Scaling);
        Numbers(w, s);
        w.WriteLine("</section>");
    }

    private static void Theory(TextWriter w, ReportTheory theory)
    {
        var rows = new List<(string Quantity, string Value, string Command)>();
        if (theory.AlphaC is double c) rows.Add(("binary perceptron, random labels: α where the replica-symmetric entropy vanishes (α_c)", Invariant($"{c:F10}"), "lent theory entropy --zero"));
        if (theory.Gibbs.Count > 0)
        {
            rows.Add(("teacher-student Gibbs learning: ε_g(α), poor-generalization branch (dashed curve)",
                Invariant($"{theory.Gibbs.Count} loads from {theory.Gibbs[0].Alpha:R} to {theory.Gibbs[^1].Alpha:R}"), theory.GibbsCommand));
        }
        if (theory.Transition is double t) rows.Add(("teacher-student Gibbs learning: first-order transition α", Invariant($"{t:F8}"), "lent theory teacher --transition"));
        if (rows.Count == 0) return;
        w.WriteLine("<h3>Theory</h3><table><tr><th>quantity</th><th>value</th><th>command</th></tr>");
        foreach (var (quantity, value, command) in rows) w.WriteLine($"<tr><td>{H(quantity)}</td><td class=\"n\">{H(value)}</td><td><code>{H(command)}</code></td></tr>");
        w.WriteLine("</table>");
    }

    /// <summary>The fitted exponents of the scaling figure: one row per series and α.</summary>
    private static void Exponents(TextWriter w, IReadOnlyList<ScalingLaw> laws)
    {
        if (laws.Count == 0) return;
        w.WriteLine("<h3>Scaling exponents</h3>");
        w.WriteLine("<p>Median time and median iterations of the solved runs fitted to c·N<sup>b</sup> by least squares on log(median) against log N, " +
            "over the sizes where at least half of the runs solved, so that the median time to solution (a run that did not solve counting as " +
            "infinitely slow) is set by solved runs; b ± its standard error (from the residuals, with sizes − 2 degrees of freedom). " +
            "A fit needs at least 3 such sizes.</p>");
        w.WriteLine("<table><tr><th>series</th><th>α</th><th>sizes used (N)</th><th>exponent of time ± s.e.</th><th>exponent of iterations ± s.e.</th></tr>");
        foreach (ScalingLaw law in laws)
        {
            IReadOnlyList<int> usable = law.UsableSizes;
            string Cell(ScalingFit fit)
            {
                if (fit.Law is not { } f) return $"no fit: {H(fit.Reason!)}";
                string text = Invariant($"{f.Exponent:F3} ± {f.StandardError:F3}");
                return fit.Sizes.SequenceEqual(usable) ? text : text + Invariant($" (over N = {string.Join(", ", fit.Sizes)})");
            }
            w.WriteLine($"<tr><td>{H(law.Series)}</td><td class=\"n\">{law.Alpha.ToString("R", CultureInfo.InvariantCulture)}</td>" +
                $"<td class=\"n\">{(usable.Count == 0 ? "—" : string.Join(", ", usable))}</td><td class=\"n\">{Cell(law.Time)}</td><td class=\"n\">{Cell(law.Iterations)}</td></tr>");
        }
        w.WriteLine("</table>");
    }

    /// <summary>The table behind the figures: one row per series, N and α.</summary>
    private static void Numbers(TextWriter w, ReportSection s)
    {
        bool teacher = s.Runs.Any(r => r.GeneralizationError is not null);
        w.WriteLine("<h3>Numbers</h3><table><tr><th>series</th><th>N</th><th>α</th><th>P</th><th>runs</th><th>solved</th><th>success [95 % Wilson]</th>" +
            "<th>median s of the solved [quartiles]</th><th>median iterations of the solved [quartiles]</th><th>unsolved: errors left mean / median / max</th>" + (teacher ? "<th>ε_g of the solutions ± s.e.</th>" : "") + "</tr>");
        foreach (ReportSeries series in s.Series)
        {
            foreach (ReportCell c in series.Cells)
            {
                CellStatistics t = c.Statistics;
                string time = t.SolvedSeconds is Quartiles q ? Invariant($"{q.Median:G3} [{q.Lower:G3}, {q.Upper:G3}]") : "—";
                string iterations = t.SolvedIterations is Quartiles i ? Invariant($"{i.Median:G6} [{i.Lower:G6}, {i.Upper:G6}]") : "—";
                string errors = t.ErrorsLeftQuartiles is Quartiles e ? Invariant($"{t.MeanErrorsLeft:F1} / {e.Median:G4} / {t.ErrorsLeft.Max()}") : "—";
                string eg = t.GeneralizationError is double g ? Invariant($"{g:F4}") + (t.GeneralizationStandardError is double se ? Invariant($" ± {se:F4}") : "") : "—";
                string[] cells =
                [
                    H(series.Label), Invariant($"{c.N}"), c.Alpha.ToString("R", CultureInfo.InvariantCulture), Invariant($"{c.P}"), Invariant($"{t.Runs}"),
                    Invariant($"{t.Solved}"), Invariant($"{t.Success:F2} [{t.Interval.Lower:F2}, {t.Interval.Upper:F2}]"), time, iterations, errors,
                ];
                w.WriteLine("<tr><td>" + cells[0] + "</td>" + string.Concat(cells.Skip(1).Select(x => $"<td class=\"n\">{x}</td>")) + (teacher ? $"<td class=\"n\">{eg}</td>" : "") + "</tr>");
            }
        }
        w.WriteLine("</table>");
    }

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
