using LocalEntropy.IO;
using LocalEntropy.Landscape;
using ScottPlot;

namespace LocalEntropy.Cli.Output;

/// <summary>PNG plots of landscape and theory curves, written atomically.</summary>
internal static class CurvePlot
{
    /// <summary>S(d) from BP as markers joined by a line, with the α = 0 bound H(d) over the same range.</summary>
    public static void SaveLocalEntropy(string path, IReadOnlyList<LocalEntropyPoint> curve, string title)
    {
        var plot = new Plot();
        double dMax = Math.Max(0.01, curve.Max(p => p.Distance)) * 1.05;
        double[] ds = [.. Enumerable.Range(0, 200).Select(i => dMax * i / 199)];
        var bound = plot.Add.Scatter(ds, [.. ds.Select(LocalEntropyCurve.UpperBound)]);
        bound.MarkerSize = 0;
        bound.LinePattern = LinePattern.Dashed;
        bound.LegendText = "H(d), every configuration a solution";
        var points = curve.OrderBy(p => p.Distance).ToArray();
        var s = plot.Add.Scatter(points.Select(p => p.Distance).ToArray(), points.Select(p => p.Entropy).ToArray());
        s.LegendText = "S(d) from BP";
        s.MarkerSize = 6;
        plot.ShowLegend(Alignment.UpperLeft);
        Save(plot, path, title, "distance d", "local entropy (nats per weight)");
    }

    /// <summary>One curve y(x) through the given points, as markers joined by a line.</summary>
    public static void SaveCurve(string path, IReadOnlyList<double> xs, IReadOnlyList<double> ys, string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Add.Scatter(xs.ToArray(), ys.ToArray()).MarkerSize = 5;
        Save(plot, path, title, xLabel, yLabel);
    }

    private static void Save(Plot plot, string path, string title, string xLabel, string yLabel)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        AtomicFile.Write(path, plot.GetImageBytes(800, 520, ImageFormat.Png));
    }
}
