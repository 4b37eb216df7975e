using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace LocalEntropy.Experiments;

/// <summary>
/// The PostgreSQL store, for sweeps spread over many machines: the `runs` table of every engine, and a `queue` of
/// planned points that workers claim with <c>SELECT … FOR UPDATE SKIP LOCKED</c> under a lease (see
/// <see cref="IQueueStore"/>). Each call takes a pooled connection, so workers on many threads store at once. The
/// database is marked as ours by the comment on its <c>schema_version</c> table, whose highest row is its schema
/// version; the migrations below bring an older database up to date, each in its own transaction, under an
/// advisory lock so that workers starting together migrate once. Tables of other applications may share the
/// database; a database whose tables of our names are not ours, or whose schema is newer, is refused before
/// anything is written to it.
/// </summary>
public sealed class PostgresRunStore : IRunStore, IQueueStore
{
    /// <summary>The comment on <c>schema_version</c> that marks a results database.</summary>
    private const string Mark = "LocalEntropy results database";

    /// <summary>The advisory lock taken while a database is checked and migrated ("LENT").</summary>
    private const long MigrationLock = 0x4C454E54;

    /// <summary>The migrations in order: entry v − 1 takes a database from schema version v − 1 to v.</summary>
    private static readonly string[] Migrations =
    [
        $"""
        CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
        COMMENT ON TABLE schema_version IS '{Mark}';
        CREATE TABLE runs (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            sweep TEXT NOT NULL, point TEXT NOT NULL,
            problem TEXT NOT NULL, n BIGINT NOT NULL, k BIGINT NOT NULL, p BIGINT NOT NULL, alpha DOUBLE PRECISION NOT NULL,
            teacher BIGINT NOT NULL, algorithm TEXT NOT NULL, chains BIGINT NOT NULL, seed BIGINT NOT NULL,
            energy TEXT NOT NULL, solved BIGINT NOT NULL, errors BIGINT NOT NULL, iterations BIGINT NOT NULL,
            restarts BIGINT NOT NULL, seconds DOUBLE PRECISION NOT NULL, stop_reason TEXT NOT NULL,
            generalization_error DOUBLE PRECISION, weights TEXT NOT NULL, options_hash TEXT NOT NULL,
            options_json TEXT NOT NULL, instance TEXT NOT NULL, command TEXT NOT NULL, version TEXT NOT NULL,
            host TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
            UNIQUE (sweep, point));
        CREATE INDEX runs_by_cell ON runs (sweep, problem, n, alpha, algorithm);
        CREATE TABLE queue (
            id BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
            sweep TEXT NOT NULL, point TEXT NOT NULL,
            recipe JSONB NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done')),
            lease_owner TEXT, lease_expires TIMESTAMPTZ,
            attempts INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (sweep, point));
        CREATE INDEX queue_open ON queue (id) WHERE state <> 'done';
        CREATE INDEX queue_leases ON queue (lease_owner) WHERE state = 'running';
        """,
    ];

    private static readonly string InsertRun =
        $"INSERT INTO runs ({string.Join(", ", RunColumns.Names)}) VALUES ({string.Join(", ", RunColumns.Names.Select((_, i) => $"${i + 1}"))}) " +
        "ON CONFLICT (sweep, point) DO NOTHING";

    private readonly NpgsqlDataSource _source;
    private readonly string _server;

    private PostgresRunStore(NpgsqlDataSource source, string location, string server)
    {
        _source = source;
        Location = location;
        _server = server;
    }

    /// <summary>The schema version this build writes.</summary>
    public static int SchemaVersion => Migrations.Length;

    /// <inheritdoc cref="IRunStore.Location" />
    public string Location { get; }

    /// <summary>True for a PostgreSQL URL (<c>postgresql://</c> or <c>postgres://</c>) rather than a file name.</summary>
    public static bool IsUrl(string database) =>
        database.StartsWith("postgresql://", StringComparison.Ordinal) || database.StartsWith("postgres://", StringComparison.Ordinal);

    /// <summary>
    /// Connects to the database of <paramref name="url"/> (<c>postgresql://user[:password]@host[:port]/database</c>)
    /// and, unless <paramref name="readOnly"/>, creates or migrates the schema. Throws <see cref="StoreException"/>
    /// for a malformed URL, a server that cannot be reached (naming host:port), a refused login, or a database that
    /// is not a results database or is of a newer schema, without writing to it.
    /// </summary>
    public static PostgresRunStore Open(string url, bool readOnly = false)
    {
        NpgsqlConnectionStringBuilder builder = ConnectionString(url);
        string location = $"postgresql://{(builder.Username is { } u ? Uri.EscapeDataString(u) + "@" : "")}{builder.Host}:{builder.Port}/{Uri.EscapeDataString(builder.Database!)}";
        NpgsqlDataSource source = NpgsqlDataSource.Create(builder);
        try
        {
            using NpgsqlConnection connection = source.OpenConnection();
            if (readOnly)
            {
                int version = OwnedVersion(connection, location);
                if (version < SchemaVersion)
                {
                    throw new StoreException(version == 0
                        ? $"{location}: no results database here yet (plan or run a sweep on it first)"
                        : $"{location}: schema version {version} is older than this lent's ({SchemaVersion}); run a sweep on it to upgrade it");
                }
            }
            else
            {
                Execute(connection, "SELECT pg_advisory_lock($1)", MigrationLock);
                try
                {
                    Migrate(connection, OwnedVersion(connection, location));
                }
                finally
                {
                    Execute(connection, "SELECT pg_advisory_unlock($1)", MigrationLock);
                }
            }
            return new PostgresRunStore(source, location, $"{builder.Host}:{builder.Port}");
        }
        catch (NpgsqlException e)
        {
            source.Dispose();
            throw new StoreException($"{location}: {Reason(e, $"{builder.Host}:{builder.Port}")}", e);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public IReadOnlySet<string> StoredPoints(string sweep) => Read(
        "cannot read", "SELECT point FROM runs WHERE sweep = $1",
        r => r.GetString(0), [sweep]).ToHashSet(StringComparer.Ordinal);

    /// <inheritdoc />
    public bool Add(RunRecord run)
    {
        object?[] values = RunColumns.Values(run);
        return Use("cannot store a run", connection =>
        {
            // A batch goes with one Sync, and so runs as one transaction: the run and its point's `done` commit
            // together or not at all, in one round trip.
            using var batch = new NpgsqlBatch(connection);
            var insert = new NpgsqlBatchCommand(InsertRun);
            foreach (object? v in values) insert.Parameters.Add(new NpgsqlParameter { Value = v ?? DBNull.Value });
            var done = new NpgsqlBatchCommand("UPDATE queue SET state = 'done', lease_expires = NULL WHERE sweep = $1 AND point = $2 AND state <> 'done'");
            done.Parameters.Add(new NpgsqlParameter { Value = run.Point.Sweep });
            done.Parameters.Add(new NpgsqlParameter { Value = run.Point.Id });
            batch.BatchCommands.Add(insert);
            batch.BatchCommands.Add(done);
            batch.ExecuteNonQuery();
            return insert.RecordsAffected == 1;
        });
    }

    /// <inheritdoc />
    public RunTable Runs(string? sweep = null)
    {
        string where = sweep is null ? "" : " WHERE sweep = $1";
        List<object?[]> rows = Read("cannot read", $"SELECT {string.Join(", ", RunColumns.Names)} FROM runs{where} ORDER BY id", r =>
        {
            var row = new object?[r.FieldCount];
            for (int i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            return row;
        }, sweep is null ? [] : [sweep]);
        return new RunTable(RunColumns.Names, rows);
    }

    /// <inheritdoc />
    public int Plan(IReadOnlyList<SweepPoint> points) => Use("cannot plan", connection =>
    {
        // One statement for the whole grid, its rows in grid order (the order of claims).
        using var insert = new NpgsqlCommand(
            """
            INSERT INTO queue (sweep, point, recipe, state)
            SELECT q.sweep, q.point, q.recipe::jsonb,
                   CASE WHEN EXISTS (SELECT 1 FROM runs r WHERE r.sweep = q.sweep AND r.point = q.point) THEN 'done' ELSE 'queued' END
            FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS q (sweep, point, recipe, i)
            ORDER BY q.i
            ON CONFLICT (sweep, point) DO NOTHING
            """, connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = points.Select(p => p.Sweep).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = points.Select(p => p.Id).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = points.Select(p => p.Recipe.ToJson()).ToArray() });
        return insert.ExecuteNonQuery();
    });

    /// <inheritdoc />
    public ClaimedPoint? Claim(string owner, TimeSpan lease, string? sweep)
    {
        // One statement, so one transaction: the first open point that no other claim has locked is leased at once.
        var claimed = Read(
            "cannot claim a point",
            """
            UPDATE queue SET state = 'running', lease_owner = $1, lease_expires = now() + make_interval(secs => $2), attempts = attempts + 1
            WHERE id = (
                SELECT id FROM queue
                WHERE (state = 'queued' OR (state = 'running' AND lease_expires < now())) AND ($3::text IS NULL OR sweep = $3)
                ORDER BY id LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING point, recipe::text, attempts
            """,
            r => (Id: r.GetString(0), Recipe: r.GetString(1), Attempts: r.GetInt32(2)),
            [owner, lease.TotalSeconds, Text(sweep)]);
        if (claimed.Count == 0) return null;
        var (id, recipe, attempts) = claimed[0];
        try
        {
            return new ClaimedPoint(id, PointRecipe.FromJson(recipe), attempts);
        }
        catch (JsonException e)
        {
            throw new StoreException($"{Location}: queued point {id} has a recipe this lent cannot read ({e.Message}); run the workers with the lent that planned it", e);
        }
    }

    /// <inheritdoc />
    public void Renew(string owner, TimeSpan lease) => Use("cannot renew a lease", connection => Execute(
        connection, "UPDATE queue SET lease_expires = now() + make_interval(secs => $2) WHERE lease_owner = $1 AND state = 'running'",
        owner, lease.TotalSeconds));

    /// <inheritdoc />
    public void Release(string sweep, string point, string owner) => Use("cannot release a lease", connection => Execute(
        connection,
        "UPDATE queue SET state = 'queued', lease_owner = NULL, lease_expires = NULL WHERE sweep = $1 AND point = $2 AND lease_owner = $3 AND state = 'running'",
        sweep, point, owner));

    /// <inheritdoc />
    public int Pending(string? sweep) => (int)Read(
        "cannot read", "SELECT count(*) FROM queue WHERE state <> 'done' AND ($1::text IS NULL OR sweep = $1)",
        r => r.GetInt64(0), [Text(sweep)])[0];

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();

    /// <summary>A connection of this store's pool, for tests that need to reach behind the interface.</summary>
    internal NpgsqlConnection Connection() => _source.OpenConnection();

    /// <summary>The connection settings of a PostgreSQL URL; throws <see cref="StoreException"/> for a malformed one.</summary>
    internal static NpgsqlConnectionStringBuilder ConnectionString(string url)
    {
        if (!IsUrl(url) || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Host.Length == 0 || uri.AbsolutePath.Trim('/').Length == 0
            || uri.AbsolutePath.LastIndexOf('/') > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new StoreException($"--db: '{url}' is not a PostgreSQL URL; expected postgresql://user[:password]@host[:port]/database");
        }
        string[] user = uri.UserInfo.Split(':', 2);
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.IdnHost,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Username = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : null,
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
            ApplicationName = "lent",
            Timeout = 10,
            // As SQLite's synchronous = NORMAL: a commit does not wait for its fsync (several ms, a claim and a store
            // per run). A server crash may undo the last commits, whole ones: a run lost with its point's `done`
            // goes back to the queue, a claim lost puts its point back there.
            Options = "-c synchronous_commit=off",
        };
    }

    /// <summary>
    /// The schema version of a results database (0 when it has none of our tables); throws for a database whose
    /// tables of our names are not ours, or whose schema is newer. Only reads.
    /// </summary>
    private static int OwnedVersion(NpgsqlConnection connection, string location)
    {
        using var probe = new NpgsqlCommand(
            """
            SELECT to_regclass('schema_version') IS NOT NULL, obj_description(to_regclass('schema_version'), 'pg_class'),
                   to_regclass('runs') IS NOT NULL OR to_regclass('queue') IS NOT NULL
            """, connection);
        bool versioned, named;
        string? mark;
        using (NpgsqlDataReader r = probe.ExecuteReader())
        {
            r.Read();
            (versioned, mark, named) = (r.GetBoolean(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetBoolean(2));
        }
        if (!versioned && !named) return 0;
        if (mark != Mark)
        {
            throw new StoreException($"{location}: not a LocalEntropy results database (its tables runs, queue or schema_version belong to something else)");
        }
        using var max = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_version", connection);
        int version = (int)max.ExecuteScalar()!;
        if (version > SchemaVersion)
        {
            throw new StoreException($"{location}: schema version {version} is newer than this lent supports ({SchemaVersion}); use a newer lent");
        }
        return version;
    }

    private static void Migrate(NpgsqlConnection connection, int version)
    {
        for (int v = version + 1; v <= SchemaVersion; v++)
        {
            using NpgsqlTransaction transaction = connection.BeginTransaction();
            Execute(connection, Migrations[v - 1]);
            Execute(connection, "INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)", v, RunColumns.Timestamp(DateTimeOffset.UtcNow));
            transaction.Commit();
        }
    }

    private static int Execute(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        using var command = new NpgsqlCommand(sql, connection);
        foreach (object p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return command.ExecuteNonQuery();
    }

    /// <summary>A text parameter that may be null (typed, so that <c>$n IS NULL</c> is well defined).</summary>
    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    /// <summary>Runs a query on a pooled connection and reads every row with <paramref name="row"/>.</summary>
    private List<T> Read<T>(string what, string sql, Func<NpgsqlDataReader, T> row, object[] parameters) => Use(what, connection =>
    {
        using var command = new NpgsqlCommand(sql, connection);
        foreach (object p in parameters) command.Parameters.Add(p as NpgsqlParameter ?? new NpgsqlParameter { Value = p });
        using NpgsqlDataReader reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(row(reader));
        return rows;
    });

    /// <summary>Runs <paramref name="work"/> on a pooled connection; a failure becomes a <see cref="StoreException"/> saying what failed and why.</summary>
    private T Use<T>(string what, Func<NpgsqlConnection, T> work)
    {
        try
        {
            using NpgsqlConnection connection = _source.OpenConnection();
            return work(connection);
        }
        catch (NpgsqlException e)
        {
            throw new StoreException($"{Location}: {what}: {Reason(e, _server)}", e);
        }
    }

    private void Use(string what, Action<NpgsqlConnection> work) => Use(what, c =>
    {
        work(c);
        return 0;
    });

    /// <summary>
    /// The server's own words ("cannot execute INSERT in a read-only transaction", "database … does not exist"), or,
    /// when the server could not be reached, host:port and why.
    /// </summary>
    private static string Reason(NpgsqlException e, string server)
    {
        if (e is PostgresException p) return p.MessageText;
        Exception inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return $"cannot reach PostgreSQL at {server} ({inner.Message})";
    }
}
