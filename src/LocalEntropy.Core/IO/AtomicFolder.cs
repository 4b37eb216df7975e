namespace LocalEntropy.IO;

/// <summary>Writes a folder of files so that a reader never finds one of them half-written.</summary>
public static class AtomicFolder
{
    /// <summary>
    /// Lets <paramref name="write"/> fill a new temporary folder beside <paramref name="path"/>, then puts the files
    /// in place. A new folder is renamed into place at once; into an existing one each file moves over its namesake
    /// (other files stay), <paramref name="lastFile"/> last, so that a page naming the others appears only once they
    /// are all there. When <paramref name="write"/> throws, nothing is moved and the temporary folder is removed.
    /// </summary>
    public static void Write(string path, Action<string> write, string lastFile)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(parent)) throw new DirectoryNotFoundException($"cannot write {path}: folder does not exist: {parent}");
        if (File.Exists(full)) throw new IOException($"cannot write {path}: it is a file, not a folder");
        string temp = Path.Combine(parent, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            write(temp);
            if (!Directory.Exists(full))
            {
                Directory.Move(temp, full);
                return;
            }
            foreach (string file in Directory.GetFiles(temp).OrderBy(f => Path.GetFileName(f) == lastFile))
            {
                File.Move(file, Path.Combine(full, Path.GetFileName(file)), overwrite: true);
            }
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }
}
