using System.Diagnostics;
using Npgsql;

namespace LocalEntropy.Cli.Tests;

/// <summary>
/// The local PostgreSQL and single-node SLURM that scripts/cluster-up installs and starts: once per test run (the
/// script is idempotent, and quick when they already run).
/// </summary>
internal static class Cluster
{
    private static readonly Lazy<string> BaseUrl = new(Up);

    /// <summary>Why the cluster tests cannot run here, or null: installing and starting the services needs root.</summary>
    public static string? Unavailable { get; } = Environment.UserName == "root" ? null : "needs root: scripts/cluster-up installs and starts PostgreSQL and SLURM";

    /// <summary>The database scripts/cluster-up prepared, e.g. postgresql://lent@localhost/lent.</summary>
    public static string Url => BaseUrl.Value;

    /// <summary>A connection string for a database of the local server, as the role of <see cref="Url"/>.</summary>
    public static string ConnectionString(string database)
    {
        var url = new Uri(Url);
        return new NpgsqlConnectionStringBuilder
        {
            Host = url.IdnHost, Port = url.Port > 0 ? url.Port : 5432, Username = url.UserInfo, Database = database, Pooling = false,
        }.ToString();
    }

    private static string Up()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "scripts", "cluster-up"))) root = Path.GetDirectoryName(root) ?? throw new FileNotFoundException("scripts/cluster-up not found above the tests");
        var info = new ProcessStartInfo(Path.Combine(root, "scripts", "cluster-up")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/cluster-up failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
    }
}

/// <summary>A test of the local PostgreSQL (and SLURM): skipped, with the reason, only where they cannot be started.</summary>
internal sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute() => Skip = Cluster.Unavailable;
}

/// <summary>A test theory of the local PostgreSQL: skipped, with the reason, only where it cannot be started.</summary>
internal sealed class ClusterTheoryAttribute : TheoryAttribute
{
    public ClusterTheoryAttribute() => Skip = Cluster.Unavailable;
}

/// <summary>A database of its own for one test, on the local server, dropped afterwards.</summary>
internal sealed class ScratchDatabase : IDisposable
{
    private readonly string _name = "lent_test_" + Guid.NewGuid().ToString("N")[..16];

    public ScratchDatabase()
    {
        // A generated name: identifiers cannot be parameters.
        Admin($"CREATE DATABASE {_name}");
        Url = Cluster.Url[..(Cluster.Url.LastIndexOf('/') + 1)] + _name;
    }

    /// <summary>The database's URL, as --db takes it.</summary>
    public string Url { get; }

    /// <summary>The value of a query on the database.</summary>
    public object? Scalar(string sql, params object[] parameters)
    {
        using var connection = new NpgsqlConnection(Cluster.ConnectionString(_name));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        foreach (object p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return command.ExecuteScalar();
    }

    /// <summary>Runs statements on the database.</summary>
    public void Execute(string sql) => Scalar(sql);

    public void Dispose()
    {
        // FORCE may meet a backend it cannot end, such as an autovacuum worker that has just entered the database
        // (SQL state 42501); such a worker leaves within moments, so try again briefly.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                Admin($"DROP DATABASE {_name} WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 10)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static void Admin(string sql)
    {
        var url = new Uri(Cluster.Url);
        using var connection = new NpgsqlConnection(Cluster.ConnectionString(url.AbsolutePath.TrimStart('/')));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
