using System.Globalization;
using LocalEntropy.Experiments;
using ScottPlot;

namespace LocalEntropy.Cli.Output;

/// <summary>
/// The PNG figures of a sweep report: one panel per series (an algorithm run one way), one colour per size N, and the
/// same axes in every panel so that the panels compare at a glance.
/// </summary>
internal static class ReportFigures
{
    /// <summary>Stored times have four decimals; a faster run is drawn at this time on the log scale.</summary>
    private const double ShortestSeconds = 1e-4;

    /// <summary>The largest shift of a size's points along α, as a fraction of the step between loads.</summary>
    private const double Dodge = 0.1;

    private static readonly Color TheoryColor = Colors.DimGray;

    /// <summary>Success probability against α with 95 % Wilson intervals; α_c dashed when given.</summary>
    public static void SuccessProbability(string path, ReportSection section, double? alphaC)
    {
        Save(path, section, "success probability", Alignment.LowerLeft, (-0.04, 1.04), alphaC, (plot, series) =>
        {
            foreach (var (n, cells, shift, color) in BySize(section, series))
            {
                double[] xs = [.. cells.Select(c => c.Alpha + shift)], ys = [.. cells.Select(c => c.Statistics.Success)];
                Line(plot, xs, ys, color, $"N = {n}");
                Bars(plot, xs, ys, [.. cells.Select(c => c.Statistics.Interval.Lower)], [.. cells.Select(c => c.Statistics.Interval.Upper)], color);
            }
            if (alphaC is double a) Mark(plot, a, string.Create(CultureInfo.InvariantCulture, $"α_c = {a:F3}"));
        });
    }

    /// <summary>Median time of the solved runs against α on a log scale, bars from the lower to the upper quartile.</summary>
    public static void MedianTime(string path, ReportSection section)
    {
        static double Log(double seconds) => Math.Log10(Math.Max(seconds, ShortestSeconds));
        var times = section.Series.SelectMany(s => s.Cells).Select(c => c.Statistics.SolvedSeconds).OfType<Quartiles>().ToArray();
        (double, double) limits = times.Length == 0 ? (-1, 1) : Padded(Log(times.Min(t => t.Lower)), Log(times.Max(t => t.Upper)));
        Save(path, section, "median time to solution (s)", Alignment.UpperLeft, limits, null, (plot, series) =>
        {
            foreach (var (n, cells, shift, color) in BySize(section, series))
            {
                ReportCell[] solved = [.. cells.Where(c => c.Statistics.SolvedSeconds is not null)];
                Quartiles[] q = [.. solved.Select(c => c.Statistics.SolvedSeconds!.Value)];
                double[] xs = [.. solved.Select(c => c.Alpha + shift)];
                double[] ys = [.. q.Select(t => Log(t.Median))];
                Line(plot, xs, ys, color, $"N = {n}");
                Bars(plot, xs, ys, [.. q.Select(t => Log(t.Lower))], [.. q.Select(t => Log(t.Upper))], color);
            }
            LogTicks(plot.Axes.Left);
        });
    }

    /// <summary>
    /// Median time and median iterations of the solved runs against N on log-log axes, side by side: one line per
    /// series and load with bars from the lower to the upper quartile, and its fitted power law dashed over the sizes
    /// it was fitted on, with the exponent in the legend.
    /// </summary>
    public static void Scaling(string path, ReportSection section, IReadOnlyList<ScalingLaw> laws)
    {
        Plot time = ScalingPanel(section, laws, s => s.SolvedSeconds, l => l.Time, ShortestSeconds, "median time to solution (s)", "time");
        Plot iterations = ScalingPanel(section, laws, s => s.SolvedIterations, l => l.Iterations, 1, "median iterations to solution (the algorithm's unit)", "iterations");
        var figure = new Multiplot(time) { Layout = new ScottPlot.MultiplotLayouts.Grid(1, 2) };
        figure.AddPlot(iterations);
        PngFile.Save(figure, path, 1400, 600);
    }

    /// <summary>One panel of <see cref="Scaling"/>: a median below <paramref name="floor"/> (0 s, 0 iterations) is drawn at it.</summary>
    private static Plot ScalingPanel(ReportSection section, IReadOnlyList<ScalingLaw> laws, Func<CellStatistics, Quartiles?> measure,
        Func<ScalingLaw, ScalingFit> fitOf, double floor, string yLabel, string title)
    {
        double Log(double value) => Math.Log10(Math.Max(value, floor));
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        double[] logSizes = [.. section.Sizes.Select(n => Math.Log10(n))];
        double step = logSizes.Zip(logSizes.Skip(1), (a, b) => b - a).Min();
        var ys = new List<double>();
        for (int i = 0; i < laws.Count; i++)
        {
            ScalingLaw law = laws[i];
            Color color = palette.GetColor(i);
            double shift = laws.Count < 2 ? 0 : (2 * i / (laws.Count - 1.0) - 1) * Dodge * step;
            ScalingPoint[] solved = [.. law.Points.Where(p => measure(p.Statistics) is not null)];
            Quartiles[] q = [.. solved.Select(p => measure(p.Statistics)!.Value)];
            double[] xs = [.. solved.Select(p => Math.Log10(p.N) + shift)];
            double[] median = [.. q.Select(t => Log(t.Median))], lower = [.. q.Select(t => Log(t.Lower))], upper = [.. q.Select(t => Log(t.Upper))];
            ys.AddRange(lower);
            ys.AddRange(upper);
            ScalingFit fit = fitOf(law);
            string label = $"{law.Series}, α = {law.Alpha.ToString("R", CultureInfo.InvariantCulture)}: " +
                (fit.Law is { } f ? string.Create(CultureInfo.InvariantCulture, $"N^({f.Exponent:F2} ± {f.StandardError:F2})") : "no fit");
            Line(plot, xs, median, color, label);
            Bars(plot, xs, median, lower, upper, color);
            if (fit.Law is { } power)
            {
                double[] ends = [fit.Sizes[0], fit.Sizes[^1]];
                double[] lineX = [.. ends.Select(n => Math.Log10(n) + shift)], lineY = [.. ends.Select(n => Math.Log10(power.At(n)))];
                var line = plot.Add.ScatterLine(lineX, lineY);
                line.Color = color;
                line.LinePattern = LinePattern.Dashed;
            }
        }
        // Whole decades, so that every panel has labelled ticks however narrow its range.
        (double low, double high) = ys.Count == 0 ? (-1, 1) : (Math.Floor(ys.Min()), Math.Max(Math.Ceiling(ys.Max()), Math.Floor(ys.Min()) + 1));
        (low, high) = (low - 0.05, high + 0.05);
        (double left, double right) = Padded(logSizes[0], logSizes[^1]);
        plot.Axes.SetLimits(left - Dodge * step, right + Dodge * step, low, high);
        plot.Axes.Bottom.SetTicks(logSizes, [.. section.Sizes.Select(n => n.ToString(CultureInfo.InvariantCulture))]);
        LogTicks(plot.Axes.Left);
        plot.Title($"{title} against N (log-log)");
        plot.XLabel("size N");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>Ticks for an axis that holds log10 of the values: one per power of ten, labelled with the value, and log-spaced minor ticks.</summary>
    private static void LogTicks(ScottPlot.IAxis axis) => axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
    {
        IntegerTicksOnly = true,
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        LabelFormatter = y => Math.Pow(10, y).ToString(y >= 0 ? "#,0" : "0.####", CultureInfo.InvariantCulture),
    };

    /// <summary>Training errors left by the unsolved runs against α: every run a small circle, the line through the means.</summary>
    public static void ErrorsLeft(string path, ReportSection section)
    {
        int most = section.Series.SelectMany(s => s.Cells).SelectMany(c => c.Statistics.ErrorsLeft).DefaultIfEmpty(1).Max();
        Save(path, section, "training errors left (unsolved runs)", Alignment.UpperLeft, (0, most * 1.08 + 0.5), null, (plot, series) =>
        {
            foreach (var (n, cells, shift, color) in BySize(section, series))
            {
                ReportCell[] unsolved = [.. cells.Where(c => c.Statistics.ErrorsLeft.Count > 0)];
                double[] xs = [.. unsolved.SelectMany(c => c.Statistics.ErrorsLeft.Select(_ => c.Alpha + shift))];
                double[] ys = [.. unsolved.SelectMany(c => c.Statistics.ErrorsLeft.Select(e => (double)e))];
                var runs = plot.Add.ScatterPoints(xs, ys);
                runs.Color = color.WithAlpha(0.6);
                runs.MarkerShape = MarkerShape.OpenCircle;
                runs.MarkerSize = 5;
                Line(plot, [.. unsolved.Select(c => c.Alpha + shift)], [.. unsolved.Select(c => c.Statistics.MeanErrorsLeft!.Value)], color, $"N = {n}, mean");
            }
        });
    }

    /// <summary>
    /// Generalization error of the solutions found against α (mean ± one standard error), beside the replica-theory
    /// ε_g(α) of Gibbs learning and its transition.
    /// </summary>
    public static void Generalization(string path, ReportSection section, ReportTheory theory)
    {
        Save(path, section, "generalization error ε_g of the solutions", Alignment.UpperRight, (0, 0.52), theory.Transition, (plot, series) =>
        {
            if (theory.Gibbs.Count > 0)
            {
                double[] xs = [.. theory.Gibbs.Select(p => p.Alpha)], ys = [.. theory.Gibbs.Select(p => p.GeneralizationError)];
                var curve = plot.Add.ScatterLine(xs, ys);
                curve.Color = TheoryColor;
                curve.LinePattern = LinePattern.Dashed;
                curve.LegendText = "Gibbs learning (replica theory)";
            }
            foreach (var (n, cells, shift, color) in BySize(section, series))
            {
                ReportCell[] measured = [.. cells.Where(c => c.Statistics.GeneralizationError is not null)];
                double[] xs = [.. measured.Select(c => c.Alpha + shift)], ys = [.. measured.Select(c => c.Statistics.GeneralizationError!.Value)];
                double[] se = [.. measured.Select(c => c.Statistics.GeneralizationStandardError ?? 0)];
                Line(plot, xs, ys, color, $"N = {n}");
                Bars(plot, xs, ys, [.. ys.Zip(se, (y, e) => y - e)], [.. ys.Zip(se, (y, e) => y + e)], color);
            }
            if (theory.Transition is double t) Mark(plot, t, string.Create(CultureInfo.InvariantCulture, $"transition α = {t:F3}"));
        });
    }

    /// <summary>
    /// One panel per series in a grid of two columns, each drawn by <paramref name="draw"/> on the same x range
    /// (the loads, and <paramref name="alsoShow"/> when given) and the y range <paramref name="y"/>.
    /// </summary>
    private static void Save(string path, ReportSection section, string yLabel, Alignment legend, (double Low, double High) y, double? alsoShow,
        Action<Plot, ReportSeries> draw)
    {
        IReadOnlyList<double> alphas = section.Alphas;
        (double left, double right) = Padded(Math.Min(alphas[0], alsoShow ?? double.MaxValue), Math.Max(alphas[^1], alsoShow ?? 0));
        (left, right) = (left - Dodge * Spacing(section), right + Dodge * Spacing(section));
        Plot[] panels = [.. section.Series.Select(series =>
        {
            var plot = new Plot();
            draw(plot, series);
            plot.Title(series.Label);
            plot.XLabel("load α");
            plot.YLabel(yLabel);
            plot.Axes.SetLimits(left, right, y.Low, y.High);
            plot.ShowLegend(legend);
            return plot;
        })];
        int columns = Math.Min(2, panels.Length), rows = (panels.Length + columns - 1) / columns;
        var figure = new Multiplot(panels[0]) { Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns) };
        foreach (Plot panel in panels.Skip(1)) figure.AddPlot(panel);
        PngFile.Save(figure, path, columns == 1 ? 800 : 1200, rows * 440);
    }

    /// <summary>
    /// The cells of a series per size, with the size's colour (the same in every panel and figure) and a small shift
    /// of its points along α, so that the error bars of the sizes stand side by side rather than on top of each other.
    /// </summary>
    private static IEnumerable<(int N, ReportCell[] Cells, double Shift, Color Color)> BySize(ReportSection section, ReportSeries series)
    {
        var palette = new ScottPlot.Palettes.Category10();
        IReadOnlyList<int> sizes = section.Sizes;
        for (int i = 0; i < sizes.Count; i++)
        {
            ReportCell[] cells = [.. series.Cells.Where(c => c.N == sizes[i])];
            double shift = sizes.Count < 2 ? 0 : (2 * i / (sizes.Count - 1.0) - 1) * Dodge * Spacing(section);
            if (cells.Length > 0) yield return (sizes[i], cells, shift, palette.GetColor(i));
        }
    }

    /// <summary>The smallest step between the section's loads.</summary>
    private static double Spacing(ReportSection section)
    {
        IReadOnlyList<double> a = section.Alphas;
        return a.Count < 2 ? 0.1 : a.Zip(a.Skip(1), (x, y) => y - x).Min();
    }

    private static void Line(Plot plot, double[] xs, double[] ys, Color color, string label)
    {
        if (xs.Length == 0) return;
        var line = plot.Add.Scatter(xs, ys);
        line.Color = color;
        line.MarkerSize = 6;
        line.LegendText = label;
    }

    /// <summary>Error bars from <paramref name="lower"/> to <paramref name="upper"/> around each y.</summary>
    private static void Bars(Plot plot, double[] xs, double[] ys, double[] lower, double[] upper, Color color)
    {
        if (xs.Length == 0) return;
        var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, [.. upper.Zip(ys, (u, v) => u - v)], [.. ys.Zip(lower, (v, l) => v - l)])
        {
            Color = color,
            CapSize = 4,
        };
        plot.Add.Plottable(bars);
    }

    /// <summary>A labelled dashed vertical line at a theory load.</summary>
    private static void Mark(Plot plot, double x, string label)
    {
        var line = plot.Add.VerticalLine(x, 1.5f, TheoryColor, LinePattern.Dashed);
        line.LegendText = label;
    }

    private static (double, double) Padded(double low, double high)
    {
        double pad = Math.Max(high - low, 0.1) * 0.05;
        return (low - pad, high + pad);
    }
}
