using LocalEntropy.Solvers;
using ScottPlot;

namespace LocalEntropy.Cli.Output;

/// <summary>One curve of an errors-versus-time plot.</summary>
internal sealed record TraceSeries(string Label, int ColorIndex, IReadOnlyList<TracePoint> Points, double EndSeconds);

/// <summary>One curve of a success-against-load plot: the fraction of instances solved at each α.</summary>
internal sealed record SuccessCurve(string Label, int ColorIndex, IReadOnlyList<(double Alpha, double Solved)> Points);

/// <summary>PNG plots of the demo: errors against wall-clock time, and the fraction solved against the load.</summary>
internal static class TracePlot
{
    /// <summary>
    /// Draws the best error count reached so far in every series as a step curve (restarts would otherwise hide the
    /// progress); series sharing a label share a colour and one legend entry. <paramref name="errors"/> labels the y axis.
    /// </summary>
    public static void Save(string path, string title, IReadOnlyList<TraceSeries> series, string errors = "fewest training errors so far")
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var labelled = new HashSet<string>();
        foreach (TraceSeries s in series)
        {
            if (s.Points.Count == 0) continue;
            // Extend the last value to the end of the run so a stuck solver shows as a flat line.
            double[] xs = [.. s.Points.Select(p => p.Seconds), s.EndSeconds];
            int best = int.MaxValue;
            double[] running = [.. s.Points.Select(p => (double)(best = Math.Min(best, p.Errors)))];
            double[] ys = [.. running, running[^1]];
            var line = plot.Add.Scatter(xs, ys);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 0;
            line.LineWidth = 1.5f;
            line.Color = palette.GetColor(s.ColorIndex);
            if (labelled.Add(s.Label)) line.LegendText = s.Label;
        }
        plot.Title(title);
        plot.XLabel("time (s)");
        plot.YLabel(errors);
        plot.Axes.SetLimitsY(0, Math.Max(1, series.SelectMany(s => s.Points).Select(p => p.Errors).DefaultIfEmpty(1).Max()) * 1.05);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 900, 560);
    }

    /// <summary>The fraction of instances each algorithm solved against α, one line with markers per algorithm.</summary>
    public static void SaveSuccess(string path, string title, IReadOnlyList<SuccessCurve> curves)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        foreach (SuccessCurve c in curves)
        {
            var line = plot.Add.Scatter(c.Points.Select(p => p.Alpha).ToArray(), c.Points.Select(p => p.Solved).ToArray());
            line.MarkerSize = 7;
            line.LineWidth = 1.5f;
            line.Color = palette.GetColor(c.ColorIndex);
            line.LegendText = c.Label;
        }
        plot.Title(title);
        plot.XLabel("load α");
        plot.YLabel("fraction of instances solved");
        plot.Axes.SetLimitsY(-0.05, 1.05);
        plot.ShowLegend(Alignment.LowerLeft);
        plot.SavePng(path, 900, 560);
    }
}
