using LocalEntropy.IO;
using LocalEntropy.Landscape;
using ScottPlot;

namespace LocalEntropy.Cli.Output;

/// <summary>A curve of means with their standard deviations, drawn as a line inside a band.</summary>
internal sealed record BandedCurve(string Label, double[] X, double[] Mean, double[] Std);

/// <summary>PNG plots of landscape and theory curves, written atomically.</summary>
internal static class CurvePlot
{
    /// <summary>
    /// S(d) from BP as markers joined by a line, the exact S(d) = (1/N) ln N_d when given, and the α = 0 bound H(d)
    /// over the same range.
    /// </summary>
    public static void SaveLocalEntropy(string path, IReadOnlyList<LocalEntropyPoint> curve, string title, IReadOnlyList<ExactLocalEntropyPoint>? exact = null)
    {
        var plot = new Plot();
        double dMax = Math.Max(0.01, curve.Select(p => p.Distance).Concat(exact?.Select(p => p.Distance) ?? []).Max()) * 1.05;
        double[] ds = [.. Enumerable.Range(0, 200).Select(i => dMax * i / 199)];
        var bound = plot.Add.Scatter(ds, [.. ds.Select(LocalEntropyCurve.UpperBound)]);
        bound.MarkerSize = 0;
        bound.LinePattern = LinePattern.Dashed;
        bound.LegendText = "H(d), every configuration a solution";
        var points = curve.OrderBy(p => p.Distance).ToArray();
        var s = plot.Add.Scatter(points.Select(p => p.Distance).ToArray(), points.Select(p => p.Entropy).ToArray());
        s.LegendText = "S(d) from BP";
        s.MarkerSize = 6;
        if (exact is { Count: > 0 })
        {
            var e = plot.Add.Scatter(exact.Select(p => p.Distance).ToArray(), exact.Select(p => p.Entropy).ToArray());
            e.LegendText = "S(d) = (1/N) ln N_d, exact";
            e.MarkerShape = MarkerShape.OpenSquare;
            e.MarkerSize = 7;
        }
        plot.Title(title);
        plot.XLabel("distance d");
        plot.YLabel("local entropy (nats per weight)");
        plot.ShowLegend(Alignment.UpperLeft);
        PngFile.Save(plot, path);
    }

    /// <summary>
    /// The cluster table against α: log10 of the mean numbers of solutions and clusters and of the mean largest
    /// cluster on the left axis, the mean fraction of solutions in the largest cluster on the right.
    /// </summary>
    public static void SaveClusters(string path, IReadOnlyList<ClusterTableRow> rows, string title)
    {
        var plot = new Plot();
        void Count(Func<ClusterTableRow, double> mean, string label)
        {
            // Loads without solutions have no logarithm: they are left out of the line.
            var shown = rows.Where(r => mean(r) > 0).ToArray();
            var line = plot.Add.Scatter(shown.Select(r => r.Alpha).ToArray(), shown.Select(r => Math.Log10(mean(r))).ToArray());
            line.LegendText = label;
            line.MarkerSize = 6;
        }
        Count(r => r.MeanSolutions, "log10 SOLUTIONS");
        Count(r => r.MeanClusters, "log10 CLUSTERS");
        Count(r => r.MeanLargest, "log10 LARGEST");
        var withSolutions = rows.Where(r => r.MeanFractionInLargest is not null).ToArray();
        var fraction = plot.Add.Scatter(withSolutions.Select(r => r.Alpha).ToArray(), withSolutions.Select(r => r.MeanFractionInLargest!.Value).ToArray());
        fraction.Axes.YAxis = plot.Axes.Right;
        fraction.LinePattern = LinePattern.Dashed;
        fraction.MarkerShape = MarkerShape.OpenCircle;
        fraction.MarkerSize = 7;
        fraction.LegendText = "fraction in the largest (right axis)";
        plot.Axes.Right.Label.Text = "fraction of solutions in the largest cluster";
        plot.Axes.SetLimitsY(0, 1.05, plot.Axes.Right);
        plot.Title(title);
        plot.XLabel("load α = P/N");
        plot.YLabel("log10 (mean over instances)");
        plot.ShowLegend(Alignment.UpperRight);
        PngFile.Save(plot, path, 900, 560);
    }

    /// <summary>
    /// Mean error increase against the fraction of flipped weights, one line per curve, each with a band of ± one
    /// standard deviation over the samples.
    /// </summary>
    public static void SaveRobustness(string path, IReadOnlyList<(string Label, IReadOnlyList<RobustnessPoint> Points)> curves, string title)
    {
        var plot = new Plot();
        AddBandedCurves(plot, [.. curves.Select(c => new BandedCurve(c.Label, [.. c.Points.Select(p => p.Fraction)], [.. c.Points.Select(p => p.Mean)], [.. c.Points.Select(p => p.StdDev)]))]);
        plot.Title(title);
        plot.XLabel("fraction p of the weights flipped");
        plot.YLabel("training errors added (mean ± std)");
        // From 0, where no flip adds an error, so curves read as amounts rather than differences.
        plot.Axes.SetLimitsY(0, Math.Max(1, curves.SelectMany(c => c.Points).Max(p => p.Mean + p.StdDev)) * 1.05);
        plot.ShowLegend(Alignment.UpperLeft);
        PngFile.Save(plot, path);
    }

    /// <summary>
    /// Test error against α: solid lines with markers for the solvers, dashed lines for predictions from the whole
    /// solution space (Gibbs, Bayes, local votes), and the large-N theory as a plain line when given.
    /// </summary>
    public static void SaveGeneralization(
        string path, IReadOnlyList<(string Label, IReadOnlyList<(double Alpha, double Error)> Points, bool Ensemble)> series, string title,
        IReadOnlyList<(double Alpha, double Error)>? theory = null)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < series.Count; i++)
        {
            var (label, points, ensemble) = series[i];
            var line = plot.Add.Scatter(points.Select(p => p.Alpha).ToArray(), points.Select(p => p.Error).ToArray());
            line.Color = palette.GetColor(i);
            line.LegendText = label;
            line.MarkerSize = ensemble ? 0 : 6;
            line.LineWidth = 2;
            if (ensemble) line.LinePattern = LinePattern.Dashed;
        }
        if (theory is { Count: > 0 })
        {
            var line = plot.Add.Scatter(theory.Select(p => p.Alpha).ToArray(), theory.Select(p => p.Error).ToArray());
            line.Color = Colors.Black;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = "Gibbs learning, replica theory (N → ∞)";
        }
        plot.Title(title);
        plot.XLabel("load α = P/N");
        plot.YLabel("generalization (test) error");
        plot.Axes.SetLimitsY(0, Math.Max(0.05, series.SelectMany(s => s.Points).Concat(theory ?? []).Max(p => p.Error)) * 1.08);
        // Errors fall with α: the lower left is where the lines are not.
        plot.ShowLegend(Alignment.LowerLeft);
        PngFile.Save(plot, path, 900, 560);
    }

    /// <summary>One line per curve through its means, in its own colour, with a band of ± one standard deviation.</summary>
    public static void AddBandedCurves(Plot plot, IReadOnlyList<BandedCurve> curves)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < curves.Count; i++)
        {
            (string label, double[] xs, double[] mean, double[] std) = curves[i];
            Color color = palette.GetColor(i);
            var band = plot.Add.FillY(xs, [.. mean.Select((m, k) => m - std[k])], [.. mean.Select((m, k) => m + std[k])]);
            band.FillColor = color.WithAlpha(0.15);
            band.LineWidth = 0;
            var line = plot.Add.Scatter(xs, mean);
            line.Color = color;
            line.MarkerSize = 5;
            line.LegendText = label;
        }
    }

    /// <summary>One curve y(x) through the given points, as markers joined by a line.</summary>
    public static void SaveCurve(string path, IReadOnlyList<double> xs, IReadOnlyList<double> ys, string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Add.Scatter(xs.ToArray(), ys.ToArray()).MarkerSize = 5;
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        PngFile.Save(plot, path);
    }
}
