using LocalEntropy.Deep.Training;
using ScottPlot;

namespace LocalEntropy.Cli.Output;

/// <summary>PNG curves of a training run, written atomically.</summary>
internal static class TrainingPlot
{
    /// <summary>Train and test error (left axis, %) and train loss (right axis) against epochs.</summary>
    public static void Save(string path, IReadOnlyList<EvaluationPoint> points, string title)
    {
        var plot = new Plot();
        double[] epochs = [.. points.Select(p => p.Epoch)];
        var train = plot.Add.Scatter(epochs, [.. points.Select(p => 100 * p.TrainError)]);
        train.LegendText = "train error (%)";
        var test = plot.Add.Scatter(epochs, [.. points.Select(p => 100 * p.TestError)]);
        test.LegendText = "test error (%)";
        var loss = plot.Add.Scatter(epochs, [.. points.Select(p => p.TrainLoss)]);
        loss.Axes.YAxis = plot.Axes.Right;
        loss.LinePattern = LinePattern.Dashed;
        loss.LegendText = "train loss (right axis)";
        plot.Axes.Right.Label.Text = "train loss";
        plot.Title(title);
        plot.XLabel("epochs (gradient evaluations / batches per epoch)");
        plot.YLabel("error (%)");
        plot.ShowLegend(Alignment.UpperRight);
        PngFile.Save(plot, path);
    }
}
