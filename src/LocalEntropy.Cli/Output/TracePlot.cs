using LocalEntropy.Solvers;
using ScottPlot;

namespace LocalEntropy.Cli.Output;

/// <summary>One curve of an errors-versus-time plot.</summary>
internal sealed record TraceSeries(string Label, int ColorIndex, IReadOnlyList<TracePoint> Points, double EndSeconds);

/// <summary>PNG plots of training errors against wall-clock time.</summary>
internal static class TracePlot
{
    /// <summary>
    /// Draws the best error count reached so far in every series as a step curve (restarts would otherwise hide the
    /// progress); series sharing a label share a colour and one legend entry.
    /// </summary>
    public static void Save(string path, string title, IReadOnlyList<TraceSeries> series)
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
        plot.YLabel("fewest training errors so far");
        plot.Axes.SetLimitsY(0, Math.Max(1, series.SelectMany(s => s.Points).Select(p => p.Errors).DefaultIfEmpty(1).Max()) * 1.05);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 900, 560);
    }
}
