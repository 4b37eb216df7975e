using LocalEntropy.Landscape;
using ScottPlot;

namespace LocalEntropy.Cli.Output;

/// <summary>PNG plots of landscape curves.</summary>
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
        plot.Title(title);
        plot.XLabel("distance d");
        plot.YLabel("local entropy (nats per weight)");
        plot.ShowLegend(Alignment.UpperLeft);
        SaveAtomically(plot, path);
    }

    /// <summary>
    /// Mean error increase against the fraction of flipped weights, one line per curve, each with a band of ± one
    /// standard deviation over the samples.
    /// </summary>
    public static void SaveRobustness(string path, IReadOnlyList<(string Label, IReadOnlyList<RobustnessPoint> Points)> curves, string title)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < curves.Count; i++)
        {
            IReadOnlyList<RobustnessPoint> points = curves[i].Points;
            double[] xs = [.. points.Select(p => p.Fraction)];
            Color color = palette.GetColor(i);
            var band = plot.Add.FillY(xs, [.. points.Select(p => p.Mean - p.StdDev)], [.. points.Select(p => p.Mean + p.StdDev)]);
            band.FillColor = color.WithAlpha(0.15);
            band.LineWidth = 0;
            var line = plot.Add.Scatter(xs, [.. points.Select(p => p.Mean)]);
            line.Color = color;
            line.MarkerSize = 5;
            line.LegendText = curves[i].Label;
        }
        plot.Title(title);
        plot.XLabel("fraction p of the weights flipped");
        plot.YLabel("training errors added (mean ± std)");
        // From 0, where no flip adds an error, so curves read as amounts rather than differences.
        plot.Axes.SetLimitsY(0, Math.Max(1, curves.SelectMany(c => c.Points).Max(p => p.Mean + p.StdDev)) * 1.05);
        plot.ShowLegend(Alignment.UpperLeft);
        SaveAtomically(plot, path);
    }

    /// <summary>Renders to a temporary file in the same folder and renames it, so no half-written PNG is ever seen.</summary>
    private static void SaveAtomically(Plot plot, string path)
    {
        string? dir = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir) && !Directory.Exists(dir)) throw new IOException($"folder does not exist: {dir}");
        string temp = Path.Combine(dir ?? ".", $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp.png");
        try
        {
            plot.SavePng(temp, 800, 520);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
