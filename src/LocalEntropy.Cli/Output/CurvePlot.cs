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
        string? dir = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir) && !Directory.Exists(dir)) throw new IOException($"folder does not exist: {dir}");
        string temp = Path.Combine(dir ?? ".", $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp.png");
        plot.SavePng(temp, 800, 520);
        File.Move(temp, path, overwrite: true);
    }
}
