using System.Text;

namespace LocalEntropy.IO;

/// <summary>Writes files so that a reader (or a crash) never sees a half-written one: temp file, then rename.</summary>
public static class AtomicFile
{
    /// <summary>Writes whatever <paramref name="write"/> produces to <paramref name="path"/>, all or nothing.</summary>
    public static void Write(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteStream(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false));
            write(writer);
        });
    }

    /// <summary>Writes <paramref name="bytes"/> (e.g. an encoded image) to <paramref name="path"/>, all or nothing.</summary>
    public static void Write(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        WriteStream(path, stream => stream.Write(bytes));
    }

    /// <summary>Writes whatever <paramref name="write"/> puts in the stream (e.g. a binary checkpoint) to <paramref name="path"/>, all or nothing.</summary>
    public static void WriteBinary(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteStream(path, write);
    }

    private static void WriteStream(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        // Checked first so the error names the folder, not the temporary file.
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"cannot write {path}: folder does not exist: {folder}");
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew))
            {
                write(stream);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
