namespace LocalEntropy.Experiments;

/// <summary>Opens the store a <c>--db</c> names: a PostgreSQL URL, or else a SQLite file.</summary>
public static class RunStores
{
    /// <summary>
    /// <see cref="PostgresRunStore.Open"/> for a <c>postgresql://</c> URL, <see cref="SqliteRunStore.Open"/> for
    /// anything else.
    /// </summary>
    public static IRunStore Open(string database, bool readOnly = false) =>
        PostgresRunStore.IsUrl(database) ? PostgresRunStore.Open(database, readOnly) : SqliteRunStore.Open(database, readOnly);
}
