using ScottPlot;

namespace LocalEntropy.Cli.Output;

/// <summary>Saves plots so that a crash or an error never leaves half a PNG behind.</summary>
internal static class PngFile
{
    /// <summary>Renders <paramref name="plot"/> to a temporary file next to <paramref name="path"/>, then renames it.</summary>
    public static void Save(Plot plot, string path, int width = 800, int height = 520)
    {
        string? dir = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir) && !Directory.Exists(dir)) throw new IOException($"folder does not exist: {dir}");
        string temp = Path.Combine(dir ?? ".", $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp.png");
        try
        {
            plot.SavePng(temp, width, height);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
