using LocalEntropy.Deep.Flatness;
using ScottPlot;

namespace LocalEntropy.Cli.Output;

/// <summary>PNG plots of the flatness measures, written atomically.</summary>
internal static class FlatnessPlot
{
    /// <summary>Mean loss increase against σ, one line per network, with ± one standard deviation bands.</summary>
    public static void SaveLocalEnergy(string path, IReadOnlyList<(string Label, IReadOnlyList<LocalEnergyPoint> Points)> curves, string title)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < curves.Count; i++)
        {
            IReadOnlyList<LocalEnergyPoint> points = curves[i].Points;
            double[] xs = [.. points.Select(p => p.Sigma)];
            Color color = palette.GetColor(i);
            var band = plot.Add.FillY(xs, [.. points.Select(p => p.MeanLossIncrease - p.StdLossIncrease)], [.. points.Select(p => p.MeanLossIncrease + p.StdLossIncrease)]);
            band.FillColor = color.WithAlpha(0.15);
            band.LineWidth = 0;
            var line = plot.Add.Scatter(xs, [.. points.Select(p => p.MeanLossIncrease)]);
            line.Color = color;
            line.MarkerSize = 5;
            line.LegendText = curves[i].Label;
        }
        plot.Title(title);
        plot.XLabel("relative perturbation σ (w → w + σ z⊙w)");
        plot.YLabel("training loss increase δL (mean ± std)");
        plot.ShowLegend(Alignment.UpperLeft);
        PngFile.Save(plot, path);
    }

    /// <summary>Training loss and error along the line between two networks.</summary>
    public static void SavePath(string path, LinearPathResult line, string title)
    {
        var plot = new Plot();
        double[] ts = [.. line.Points.Select(p => p.T)];
        var loss = plot.Add.Scatter(ts, [.. line.Points.Select(p => p.Loss)]);
        loss.LegendText = "training loss";
        var error = plot.Add.Scatter(ts, [.. line.Points.Select(p => 100 * p.Error)]);
        error.Axes.YAxis = plot.Axes.Right;
        error.LinePattern = LinePattern.Dashed;
        error.LegendText = "training error % (right axis)";
        plot.Axes.Right.Label.Text = "training error (%)";
        plot.Title(FormattableString.Invariant($"{title}: barrier {line.Barrier:F3}"));
        plot.XLabel("t, network (1 − t)·first + t·second");
        plot.YLabel("training loss");
        plot.ShowLegend(Alignment.UpperRight);
        PngFile.Save(plot, path);
    }
}
