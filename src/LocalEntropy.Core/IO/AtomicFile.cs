using System.Text;

namespace LocalEntropy.IO;

/// <summary>Writes files so that a reader (or a crash) never sees a half-written one: temp file, then rename.</summary>
public static class AtomicFile
{
    /// <summary>Writes whatever <paramref name="write"/> produces to <paramref name="path"/>, all or nothing.</summary>
    public static void Write(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        // Checked first so the error names the folder, not the temporary file.
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"cannot write {path}: folder does not exist: {folder}");
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false)))
            {
                write(writer);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
