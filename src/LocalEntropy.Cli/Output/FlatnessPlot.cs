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
        CurvePlot.AddBandedCurves(plot, [.. curves.Select(c => new BandedCurve(
            c.Label, [.. c.Points.Select(p => p.Sigma)], [.. c.Points.Select(p => p.MeanLossIncrease)], [.. c.Points.Select(p => p.StdLossIncrease)]))]);
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
