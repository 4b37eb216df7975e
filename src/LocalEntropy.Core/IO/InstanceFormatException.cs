namespace LocalEntropy.IO;

/// <summary>A malformed instance or weights file; the message names the file and, where known, the line.</summary>
public sealed class InstanceFormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="file"/> at 1-based <paramref name="line"/> (0 = whole file).</summary>
    public InstanceFormatException(string file, int line, string problem)
        : base(line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file that was read.</summary>
    public string File { get; }

    /// <summary>All lines of <paramref name="path"/>; a file that cannot be read becomes an <see cref="InstanceFormatException"/>.</summary>
    internal static string[] ReadLines(string path)
    {
        try
        {
            return System.IO.File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InstanceFormatException(path, 0, $"cannot read: {e.Message}");
        }
    }

    /// <summary>1-based line number, or 0 when the problem concerns the whole file.</summary>
    public int Line { get; }

    /// <summary>What was wrong, without the location.</summary>
    public string Problem { get; }
}
