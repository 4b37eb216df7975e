using LocalEntropy.IO;
using ScottPlot;

namespace LocalEntropy.Cli.Output;

/// <summary>Saves plots so that a crash or an error never leaves half a PNG behind.</summary>
internal static class PngFile
{
    /// <summary>Renders <paramref name="plot"/> in memory and writes it to <paramref name="path"/> all at once.</summary>
    public static void Save(Plot plot, string path, int width = 800, int height = 520) =>
        AtomicFile.Write(path, plot.GetImageBytes(width, height, ImageFormat.Png));

    /// <summary>Renders a figure of several panels in memory and writes it to <paramref name="path"/> all at once.</summary>
    public static void Save(Multiplot figure, string path, int width, int height)
    {
        using Image image = figure.Render(width, height);
        AtomicFile.Write(path, image.GetImageBytes(ImageFormat.Png));
    }
}
