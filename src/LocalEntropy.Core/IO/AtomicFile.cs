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
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
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
