namespace LocalEntropy.Experiments;

/// <summary>Opens the results store that a <c>--db</c> value names: the URL scheme chooses the engine, anything else is a SQLite file.</summary>
public static class RunStores
{
    /// <summary>
    /// Opens <paramref name="database"/>: a <c>postgresql://</c> URL (<see cref="PostgresRunStore.Open"/>) or the path
    /// of a SQLite file (<see cref="SqliteRunStore.Open"/>). Read-only opening needs an existing store and never
    /// creates one. Throws <see cref="StoreException"/> for a store that cannot be opened, with one line that names it.
    /// </summary>
    public static IRunStore Open(string database, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        if (PostgresRunStore.IsUrl(database)) return PostgresRunStore.Open(database, readOnly);
        int scheme = database.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            throw new StoreException($"{database}: no store for '{database[..scheme]}://' URLs; give a postgresql:// URL or the path of a SQLite file");
        }
        if (readOnly && !File.Exists(database)) throw new StoreException($"{database}: no such results database");
        return SqliteRunStore.Open(database, readOnly);
    }
}
