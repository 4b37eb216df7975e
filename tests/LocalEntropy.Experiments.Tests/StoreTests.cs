using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace LocalEntropy.Experiments.Tests;

/// <summary>Points and finished runs made up for store and runner tests.</summary>
internal static class Fake
{
    public static IReadOnlyList<SweepPoint> Points(int seeds) => SweepPlan.Points(
        new SweepGrid { Name = "t", Sizes = [11], Alphas = [0.5, 0.6], Algorithms = ["sa", "rmc"], Seeds = [.. Enumerable.Range(1, seeds).Select(s => (ulong)s)] },
        SweepPlanTests.Configure);

    public static RunRecord Run(SweepPoint p, bool solved = true)
    {
        using var options = JsonDocument.Parse(p.OptionsJson);
        var report = new SolveReport(
            p.Algorithm, "errors", p.Instance.N, 1, 6, p.Instance.Alpha, p.Instance.Seed, solved, solved ? 0 : 2, 10, 0, 0.5,
            solved ? "solved" : "timeLimit", null, new string('+', p.Instance.N), p.Chains, options.RootElement.Clone());
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        return new RunRecord(p, report, "lent solve", "1.0.0+test", "host", at, at.AddSeconds(1));
    }

    public static object? Scalar(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using SqliteCommand command = c.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

public class SqliteRunStoreTests
{
    [Fact]
    public void Open_NewFile_CreatesTheSchemaInWalMode()
    {
        using var dir = new TempDir();
        string db = dir.File("r.sqlite");

        using (SqliteRunStore.Open(db)) { }

        Assert.Equal("wal", Fake.Scalar(db, "PRAGMA journal_mode"));
        Assert.Equal((long)SqliteRunStore.ApplicationId, Fake.Scalar(db, "PRAGMA application_id"));
        Assert.Equal((long)SqliteRunStore.SchemaVersion, Fake.Scalar(db, "SELECT max(version) FROM schema_version"));
    }

    [Fact]
    public void Add_StoresEachPointOnce_AndReadsBackEveryColumn()
    {
        using var dir = new TempDir();
        string db = dir.File("r.sqlite");
        var points = Fake.Points(1);

        using (var store = SqliteRunStore.Open(db))
        {
            Assert.True(store.Add(Fake.Run(points[0])));
            Assert.False(store.Add(Fake.Run(points[0], solved: false)));
            Assert.True(store.Add(Fake.Run(points[1], solved: false)));
        }
        using var reopened = SqliteRunStore.Open(db, readOnly: true);
        RunTable table = reopened.Runs("t");

        Assert.Equal(new HashSet<string> { points[0].Id, points[1].Id }, reopened.StoredPoints("t"));
        Assert.Empty(reopened.StoredPoints("other"));
        Assert.Equal(2, table.Rows.Count);
        object?[] row = table.Rows[0];
        object? Column(string name) => row[table.Columns.ToList().IndexOf(name)];
        Assert.Equal(1L, Column("solved"));
        Assert.Equal("sa", Column("algorithm"));
        Assert.Equal(0.5, Column("alpha"));
        Assert.Equal(points[0].OptionsJson, Column("options_json"));
        Assert.Equal("lent generate perceptron --n 11 --alpha 0.5 --seed 1", Column("instance"));
        Assert.Equal("2026-01-02T03:04:05.000Z", Column("started_at"));
        Assert.Null(Column("generalization_error"));
    }

    [Theory]
    [InlineData("text", "not a LocalEntropy results database")]
    [InlineData("foreign", "not a LocalEntropy results database")]
    [InlineData("newer", "schema version 99 is newer than this lent supports")]
    public void Open_FileThatIsNotOurs_IsRefusedUnchanged(string kind, string message)
    {
        using var dir = new TempDir();
        string db = dir.File("r.sqlite");
        switch (kind)
        {
            case "text":
                File.WriteAllText(db, "sweep,n,alpha\nthis is a CSV file, not a database\n" + new string('x', 2000));
                break;
            case "foreign":
                Fake.Scalar(db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
                break;
            default:
                using (SqliteRunStore.Open(db)) { }
                Fake.Scalar(db, "INSERT INTO schema_version VALUES (99, 'later')");
                break;
        }
        byte[] before = File.ReadAllBytes(db);

        var e = Assert.Throws<StoreException>(() => SqliteRunStore.Open(db));

        Assert.StartsWith(db + ": " + message, e.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(db));
    }

    [Theory]
    [InlineData("PRAGMA max_page_count = 1", "database or disk is full")]
    [InlineData("PRAGMA query_only = 1", "readonly")]
    public void Add_WhenTheDatabaseCannotGrow_ThrowsAndKeepsTheStoredRuns(string limit, string reason)
    {
        using var dir = new TempDir();
        string db = dir.File("r.sqlite");
        var points = Fake.Points(40);
        using (var store = SqliteRunStore.Open(db))
        {
            store.Add(Fake.Run(points[0]));
            using (SqliteCommand command = store.Command(limit.Replace("= 1", "= " + Fake.Scalar(db, "PRAGMA page_count"), StringComparison.Ordinal)))
            {
                command.ExecuteNonQuery();
            }
            var e = Assert.Throws<StoreException>(() =>
            {
                foreach (SweepPoint p in points.Skip(1)) store.Add(Fake.Run(p));
            });
            Assert.StartsWith(db + ": cannot store a run: ", e.Message, StringComparison.Ordinal);
            Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        }
        using var reopened = SqliteRunStore.Open(db);
        Assert.Contains(points[0].Id, reopened.StoredPoints("t"));
    }

    [Fact]
    public void Export_CsvQuotesJsonEmbedsTheOptions()
    {
        using var dir = new TempDir();
        var points = Fake.Points(1);
        using var store = SqliteRunStore.Open(dir.File("r.sqlite"));
        store.Add(Fake.Run(points[0]));
        RunTable table = store.Runs();

        var csv = new StringWriter();
        RunExport.WriteCsv(table, csv);
        using var json = new MemoryStream();
        RunExport.WriteJson(table, json);

        string[] lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("sweep,point,problem,n,k,p,alpha,teacher,algorithm,chains,seed,", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"" + points[0].OptionsJson.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", lines[1], StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(json.ToArray());
        JsonElement run = parsed.RootElement[0];
        Assert.Equal(11, run.GetProperty("n").GetInt32());
        Assert.Equal(3000, run.GetProperty("options_json").GetProperty("SweepsPerRun").GetInt32());
    }
}

public class SweepRunnerTests
{
    [Fact]
    public void Run_SkipsStoredPoints_AndStoresTheRestOnce()
    {
        using var dir = new TempDir();
        var points = Fake.Points(5);
        using var store = SqliteRunStore.Open(dir.File("r.sqlite"));
        foreach (SweepPoint p in points.Take(7)) store.Add(Fake.Run(p));
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();

        SweepSummary summary = SweepRunner.Run(store, points, 2, (p, instance, _) =>
        {
            Assert.Equal(p.Instance.N, instance.Size);
            seen.Add(p.Id);
            return Fake.Run(p, solved: p.Instance.Seed % 2 == 0);
        });

        Assert.Equal((20, 7, 13, 0, false), (summary.Points, summary.StoredBefore, summary.Ran, summary.Remaining, summary.Interrupted));
        Assert.Equal(points.Skip(7).Select(p => p.Id).Order(), seen.Order());
        Assert.Equal(points.Select(p => p.Id).ToHashSet(), store.StoredPoints("t"));
    }

    [Fact]
    public void Run_Cancelled_StoresOnlyFinishedRuns()
    {
        using var dir = new TempDir();
        var points = Fake.Points(5);
        using var store = SqliteRunStore.Open(dir.File("r.sqlite"));
        using var cancel = new CancellationTokenSource();
        int started = 0;

        SweepSummary summary = SweepRunner.Run(store, points, 1, (p, _, ct) =>
        {
            if (Interlocked.Increment(ref started) == 4) cancel.Cancel();
            return ct.IsCancellationRequested ? null : Fake.Run(p);
        }, cancellationToken: cancel.Token);

        Assert.True(summary.Interrupted);
        Assert.Equal(3, summary.Ran);
        Assert.Equal(points.Take(3).Select(p => p.Id).ToHashSet(), store.StoredPoints("t"));
    }

    [Fact]
    public void Run_StoreFails_StopsAndSaysHowManyRunsAreStored()
    {
        var points = Fake.Points(5);
        using var store = new FailingStore(failAfter: 5);

        var e = Assert.Throws<StoreException>(() => SweepRunner.Run(store, points, 2, (p, _, _) => Fake.Run(p)));

        Assert.StartsWith("full: disk is full; the sweep stopped with 5 runs stored now and 0 before", e.Message, StringComparison.Ordinal);
        Assert.InRange(store.Calls, 6, 7);
    }

    /// <summary>A store whose disk fills up after a few runs.</summary>
    private sealed class FailingStore(int failAfter) : IRunStore
    {
        private int _calls;

        public int Calls => _calls;

        public string Location => "full";

        public IReadOnlySet<string> StoredPoints(string sweep) => new HashSet<string>();

        public bool Add(RunRecord run) =>
            Interlocked.Increment(ref _calls) <= failAfter ? true : throw new StoreException("full: disk is full");

        public RunTable Runs(string? sweep = null) => new([], []);

        public void Dispose() { }
    }
}
