using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LocalEntropy.Experiments;

/// <summary>
/// The SQLite store: one file, WAL journal (readers run beside the writer), one transaction per run. Commits are
/// synchronous = NORMAL: a stored run survives the process dying at any moment; a power loss may undo the last
/// commits (never half of one), which a restarted sweep then runs again. FULL would fsync every run, milliseconds
/// each, a sizeable share of short runs. The file is marked as ours with
/// <c>PRAGMA application_id</c>; its schema version is the highest row of <c>schema_version</c> and the migrations
/// below bring an older file up to date, each in its own transaction. A file that is not ours, or is of a newer
/// schema, is refused before anything is written to it.
/// </summary>
public sealed class SqliteRunStore : IRunStore
{
    /// <summary>"LENT": the <c>application_id</c> in the header of a results database.</summary>
    public const int ApplicationId = 0x4C454E54;

    /// <summary>The migrations in order: entry v − 1 takes a file from schema version v − 1 to v.</summary>
    private static readonly string[] Migrations =
    [
        $"""
        CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            sweep TEXT NOT NULL, point TEXT NOT NULL,
            problem TEXT NOT NULL, n INTEGER NOT NULL, k INTEGER NOT NULL, p INTEGER NOT NULL, alpha REAL NOT NULL,
            teacher INTEGER NOT NULL, algorithm TEXT NOT NULL, chains INTEGER NOT NULL, seed INTEGER NOT NULL,
            energy TEXT NOT NULL, solved INTEGER NOT NULL, errors INTEGER NOT NULL, iterations INTEGER NOT NULL,
            restarts INTEGER NOT NULL, seconds REAL NOT NULL, stop_reason TEXT NOT NULL, generalization_error REAL,
            weights TEXT NOT NULL, options_hash TEXT NOT NULL, options_json TEXT NOT NULL, instance TEXT NOT NULL,
            command TEXT NOT NULL, version TEXT NOT NULL, host TEXT NOT NULL, started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            UNIQUE (sweep, point));
        CREATE INDEX runs_by_cell ON runs (sweep, problem, n, alpha, algorithm);
        PRAGMA application_id = {ApplicationId};
        """,
    ];

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;

    private SqliteRunStore(SqliteConnection connection, string location)
    {
        _connection = connection;
        Location = location;
        _insert = connection.CreateCommand();
        _insert.CommandText =
            $"INSERT INTO runs ({string.Join(", ", RunColumns.Names)}) VALUES ({string.Join(", ", RunColumns.Names.Select((_, i) => $"$v{i}"))}) " +
            "ON CONFLICT (sweep, point) DO NOTHING";
        for (int i = 0; i < RunColumns.Names.Count; i++) _insert.Parameters.Add(new SqliteParameter($"$v{i}", null));
    }

    /// <summary>The schema version this build writes.</summary>
    public static int SchemaVersion => Migrations.Length;

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>
    /// Opens (creating when missing, unless <paramref name="readOnly"/>) and migrates the results database at
    /// <paramref name="path"/>. Throws <see cref="StoreException"/> for a file that is not a results database or
    /// is of a newer schema, without writing to it.
    /// </summary>
    public static SqliteRunStore Open(string path, bool readOnly = false)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 10000");
            int version = OwnedVersion(connection, path);
            if (!readOnly)
            {
                Execute(connection, "PRAGMA journal_mode = WAL");
                Execute(connection, "PRAGMA synchronous = NORMAL");
                Migrate(connection, version);
            }
            else if (version < SchemaVersion)
            {
                throw new StoreException($"{path}: schema version {version} is older than this lent's ({SchemaVersion}); run a sweep on it to upgrade it");
            }
            return new SqliteRunStore(connection, path);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new StoreException($"{path}: {Reason(e)}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public IReadOnlySet<string> StoredPoints(string sweep)
    {
        lock (_connection)
        {
            using SqliteCommand select = Command("SELECT point FROM runs WHERE sweep = $sweep", ("$sweep", sweep));
            using SqliteDataReader reader = select.ExecuteReader();
            var points = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read()) points.Add(reader.GetString(0));
            return points;
        }
    }

    /// <inheritdoc />
    public bool Add(RunRecord run)
    {
        object?[] values = RunColumns.Values(run);
        lock (_connection)
        {
            try
            {
                using SqliteTransaction transaction = _connection.BeginTransaction();
                _insert.Transaction = transaction;
                for (int i = 0; i < values.Length; i++) _insert.Parameters[i].Value = values[i] ?? DBNull.Value;
                int added = _insert.ExecuteNonQuery();
                transaction.Commit();
                return added == 1;
            }
            catch (SqliteException e)
            {
                throw new StoreException($"{Location}: cannot store a run: {Reason(e)}", e);
            }
        }
    }

    /// <inheritdoc />
    public RunTable Runs(string? sweep = null)
    {
        lock (_connection)
        {
            string where = sweep is null ? "" : " WHERE sweep = $sweep";
            using SqliteCommand select = Command($"SELECT {string.Join(", ", RunColumns.Names)} FROM runs{where} ORDER BY id", ("$sweep", sweep));
            using SqliteDataReader reader = select.ExecuteReader();
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(row);
            }
            return new RunTable(RunColumns.Names, rows);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
    }

    /// <summary>A command on this store's connection, for tests that need to reach behind the interface.</summary>
    internal SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>
    /// The schema version of a results database (0 for an empty file); throws for a file that is not one or is of a
    /// newer schema. Only reads.
    /// </summary>
    private static int OwnedVersion(SqliteConnection connection, string path)
    {
        long applicationId = (long)Scalar(connection, "PRAGMA application_id")!;
        long tables = (long)Scalar(connection, "SELECT count(*) FROM sqlite_master")!;
        if (applicationId == 0 && tables == 0) return 0;
        if (applicationId != ApplicationId || (long)Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")! == 0)
        {
            throw new StoreException($"{path}: not a LocalEntropy results database (a SQLite database of something else)");
        }
        int version = (int)(long)(Scalar(connection, "SELECT coalesce(max(version), 0) FROM schema_version") ?? 0L);
        if (version > SchemaVersion)
        {
            throw new StoreException($"{path}: schema version {version} is newer than this lent supports ({SchemaVersion}); use a newer lent");
        }
        return version;
    }

    private static void Migrate(SqliteConnection connection, int version)
    {
        for (int v = version + 1; v <= SchemaVersion; v++)
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            Execute(connection, Migrations[v - 1], transaction);
            using SqliteCommand record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES ($version, $at)";
            record.Parameters.AddWithValue("$version", v);
            record.Parameters.AddWithValue("$at", RunColumns.Timestamp(DateTimeOffset.UtcNow));
            record.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>SQLite's own words ("database or disk is full", "file is not a database") without the error number.</summary>
    private static string Reason(SqliteException e)
    {
        string m = e.Message;
        int open = m.IndexOf('\'', StringComparison.Ordinal), close = m.LastIndexOf('\'');
        string reason = close > open + 1 ? m[(open + 1)..close] : m;
        return e.SqliteErrorCode == 26 ? $"not a LocalEntropy results database ({reason})" : reason;
    }
}
