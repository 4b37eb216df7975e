using System.Collections.Concurrent;
using LocalEntropy.Solvers;

namespace LocalEntropy.Experiments.Tests;

public class PointRecipeTests
{
    [Fact]
    public void Json_RoundTrip_RebuildsThePointWithItsId()
    {
        var grid = new SweepGrid
        {
            Name = "r", Sizes = [11], Alphas = [0.1 + 0.2], Algorithms = ["rmc"], Seeds = [ulong.MaxValue >> 1], Teacher = true, Chains = 2,
            Config = new RunConfig(3, 1.5, 40), Settings = [new Setting("Replicas", "3", "--set")], Axes = [GridAxis.Parse("SweepsPerRun=7,9")],
        };
        SweepPoint planned = SweepPlan.Points(grid, SweepPlanTests.Configure)[1];

        PointRecipe read = PointRecipe.FromJson(planned.Recipe.ToJson());
        SweepPoint rebuilt = SweepPlan.Rebuild(read, planned.Id, SweepPlanTests.Configure);

        Assert.Equal(planned.Id, rebuilt.Id);
        Assert.Equal((planned.Instance, planned.Config), (read.Instance, read.Config));
        Assert.Equal(["Replicas=3", "SweepsPerRun=9"], read.Settings.Select(s => s.ToString()));
    }

    [Fact]
    public void Rebuild_OptionsComeOutOtherwise_IsRefused()
    {
        SweepPoint planned = Fake.Points(1)[1];

        var e = Assert.Throws<SettingException>(() => SweepPlan.Rebuild(planned.Recipe, planned.Id,
            (r, u) => OptionsBinder.Apply(new ReplicatedMonteCarloOptions { Replicas = 9 }, r.Settings, r.Algorithm, u)));

        Assert.Contains($"queued point {planned.Id} of sweep t", e.Message, StringComparison.Ordinal);
    }
}

public class PostgresUrlTests
{
    [Theory]
    [InlineData("postgresql://lent:s%40cret@db.example:6543/results", "db.example", 6543, "lent", "s@cret", "results")]
    [InlineData("postgres://localhost/lent", "localhost", 5432, null, null, "lent")]
    [InlineData("postgresql://u@[::1]/d", "::1", 5432, "u", null, "d")]
    public void ConnectionString_ReadsEveryPart(string url, string host, int port, string? user, string? password, string database)
    {
        var b = PostgresRunStore.ConnectionString(url);

        Assert.Equal((host, port, user, password, database), (b.Host, b.Port, b.Username, b.Password, b.Database));
    }

    [Theory]
    [InlineData("postgresql://")]
    [InlineData("postgresql://lent@localhost")]
    [InlineData("postgresql://lent@localhost/")]
    [InlineData("postgresql://lent@localhost/a/b")]
    [InlineData("postgresql://lent@localhost/lent?sslmode=require")]
    public void ConnectionString_Malformed_SaysWhatItExpects(string url)
    {
        var e = Assert.Throws<StoreException>(() => PostgresRunStore.ConnectionString(url));

        Assert.Contains("expected postgresql://user[:password]@host[:port]/database", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NoServer_NamesHostAndPort()
    {
        var e = Assert.Throws<StoreException>(() => PostgresRunStore.Open("postgresql://lent@127.0.0.1:1/lent"));

        Assert.StartsWith("postgresql://lent@127.0.0.1:1/lent: cannot reach PostgreSQL at 127.0.0.1:1 (", e.Message, StringComparison.Ordinal);
    }
}

[Trait("Category", "Cluster")]
public class PostgresRunStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [ClusterFact]
    public void Add_StoresEachPointOnce_AndReadsBackWhatSqliteReadsBack()
    {
        using var db = new ScratchDatabase();
        using var dir = new TempDir();
        var points = Fake.Points(2);
        RunRecord[] runs = [Fake.Run(points[0]), Fake.Run(points[0], solved: false), Fake.Run(points[3], solved: false)];

        RunTable postgres, sqlite;
        using (var store = PostgresRunStore.Open(db.Url))
        {
            Assert.Equal([true, false, true], runs.Select(store.Add));
            postgres = store.Runs("t");
            Assert.Equal(new HashSet<string> { points[0].Id, points[3].Id }, store.StoredPoints("t"));
        }
        using (var store = SqliteRunStore.Open(dir.File("r.sqlite")))
        {
            foreach (RunRecord r in runs) store.Add(r);
            sqlite = store.Runs("t");
        }

        Assert.Equal(sqlite.Columns, postgres.Columns);
        Assert.Equal(sqlite.Rows, postgres.Rows);
        Assert.Equal(PostgresRunStore.SchemaVersion, db.Scalar("SELECT max(version) FROM schema_version"));
    }

    [ClusterTheory]
    [InlineData("foreign", "not a LocalEntropy results database")]
    [InlineData("newer", "schema version 99 is newer than this lent supports (1)")]
    public void Open_DatabaseThatIsNotOurs_IsRefusedUnchanged(string kind, string message)
    {
        using var db = new ScratchDatabase();
        if (kind == "foreign")
        {
            db.Execute("CREATE TABLE runs (x INTEGER)");
        }
        else
        {
            using (PostgresRunStore.Open(db.Url)) { }
            db.Execute("INSERT INTO schema_version VALUES (99, 'later')");
        }
        const string Tables = "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public'";
        object? before = db.Scalar(Tables);

        var e = Assert.Throws<StoreException>(() => PostgresRunStore.Open(db.Url));

        Assert.Contains(": " + message, e.Message, StringComparison.Ordinal);
        Assert.Equal(before, db.Scalar(Tables));
    }

    [ClusterFact]
    public void Open_ManyWorkersOnANewDatabase_MigrateItOnce()
    {
        using var db = new ScratchDatabase();

        Parallel.For(0, 4, _ =>
        {
            using (PostgresRunStore.Open(db.Url)) { }
        });

        Assert.Equal(1L, db.Scalar("SELECT count(*) FROM schema_version"));
    }

    [ClusterFact]
    public void Plan_Twice_AddsNothing_AndAStoredPointGoesInDone()
    {
        using var db = new ScratchDatabase();
        var points = Fake.Points(2);
        using var store = PostgresRunStore.Open(db.Url);
        store.Add(Fake.Run(points[1]));

        Assert.Equal(8, store.Plan(points));
        Assert.Equal(0, store.Plan(points));
        Assert.Equal(7, store.Pending("t"));
        Assert.Equal(0, store.Pending("other"));
        Assert.Equal("done", db.Scalar("SELECT state FROM queue WHERE point = $1", points[1].Id));
        Assert.Equal(points.Where((_, i) => i != 1).Select(p => p.Id), ClaimAll(store, "w", "t").Select(c => c.Id));
    }

    [ClusterFact]
    public void Claim_ManyWorkersAtOnce_ClaimEveryPointOnce()
    {
        using var db = new ScratchDatabase();
        var points = Fake.Points(10);
        using var store = PostgresRunStore.Open(db.Url);
        store.Plan(points);
        var claimed = new ConcurrentBag<string>();

        Parallel.For(0, 4, w =>
        {
            foreach (ClaimedPoint c in ClaimAll(store, $"w{w}", null)) claimed.Add(c.Id);
        });

        Assert.Equal(points.Select(p => p.Id).Order(), claimed.Order());
        Assert.Equal(40, store.Pending(null));
    }

    [ClusterFact]
    public void Claim_ExpiredLeaseGoesToAnotherWorker_AStoredPointNever()
    {
        using var db = new ScratchDatabase();
        var points = Fake.Points(1).Take(2).ToList();
        using var store = PostgresRunStore.Open(db.Url);
        store.Plan(points);

        ClaimedPoint first = store.Claim("dead", TimeSpan.FromSeconds(1), "t")!;
        ClaimedPoint second = store.Claim("live", Lease, "t")!;
        store.Add(Fake.Run(points[1]));
        Assert.Null(store.Claim("live", Lease, "t"));
        Thread.Sleep(TimeSpan.FromSeconds(1.5));
        ClaimedPoint again = store.Claim("live", Lease, "t")!;
        store.Renew("dead", Lease);

        Assert.Equal((points[0].Id, points[1].Id, 1), (first.Id, second.Id, second.Attempts));
        Assert.Equal((points[0].Id, 2), (again.Id, again.Attempts));
        Assert.Equal("live", db.Scalar("SELECT lease_owner FROM queue WHERE point = $1", points[0].Id));
        store.Add(Fake.Run(points[0]));
        Assert.Null(store.Claim("live", Lease, "t"));
        Assert.Equal(0, store.Pending("t"));
    }

    [ClusterFact]
    public void Release_PutsThePointBackAtOnce_OnlyForItsOwner()
    {
        using var db = new ScratchDatabase();
        var points = Fake.Points(1).Take(1).ToList();
        using var store = PostgresRunStore.Open(db.Url);
        store.Plan(points);
        ClaimedPoint claimed = store.Claim("a", Lease, null)!;

        store.Release("t", claimed.Id, "b");
        Assert.Null(store.Claim("b", Lease, null));
        store.Release("t", claimed.Id, "a");

        Assert.Equal(points[0].Id, store.Claim("b", Lease, null)?.Id);
    }

    [ClusterFact]
    public void Add_ReadOnlyDatabase_ThrowsAndKeepsTheStoredRuns()
    {
        using var db = new ScratchDatabase();
        var points = Fake.Points(1);
        using (var store = PostgresRunStore.Open(db.Url)) store.Add(Fake.Run(points[0]));
        db.Execute($"ALTER DATABASE {db.Url[(db.Url.LastIndexOf('/') + 1)..]} SET default_transaction_read_only = on");

        using (var store = PostgresRunStore.Open(db.Url))
        {
            var e = Assert.Throws<StoreException>(() => store.Add(Fake.Run(points[1])));

            Assert.EndsWith(": cannot store a run: cannot execute INSERT in a read-only transaction", e.Message, StringComparison.Ordinal);
            Assert.Equal([points[0].Id], store.StoredPoints("t"));
        }
    }

    [ClusterFact]
    public void Runner_TwoWorkersOnOneQueue_StoreEveryPointOnce()
    {
        using var db = new ScratchDatabase();
        var points = Fake.Points(10);
        using (var planner = PostgresRunStore.Open(db.Url)) planner.Plan(points);

        SweepSummary[] summaries = [.. Enumerable.Range(0, 2).AsParallel().Select(w =>
        {
            using var store = PostgresRunStore.Open(db.Url);
            using var source = new QueuePoints(store, $"w{w}", Lease, "t", SweepPlanTests.Configure);
            return SweepRunner.Run(store, source, 2, (p, _, _) => Fake.Run(p));
        })];

        using var reader = PostgresRunStore.Open(db.Url);
        Assert.Equal(40, summaries.Sum(s => s.Ran));
        Assert.Equal(points.Select(p => p.Id).ToHashSet(), reader.StoredPoints("t"));
        Assert.Equal(40, reader.Runs().Rows.Count);
        Assert.Equal(0, reader.Pending(null));
    }

    [ClusterFact]
    public void Runner_PointOfAnotherBuild_StopsTheWorkerAndReleasesIt()
    {
        using var db = new ScratchDatabase();
        using var store = PostgresRunStore.Open(db.Url);
        store.Plan(Fake.Points(1));
        using var source = new QueuePoints(store, "w", Lease, "t",
            (r, u) => OptionsBinder.Apply(new SimulatedAnnealingOptions { SweepsPerRun = 1 }, r.Settings, r.Algorithm, u));

        Assert.Throws<SettingException>(() => SweepRunner.Run(store, source, 1, (p, _, _) => Fake.Run(p)));

        Assert.Equal(0L, db.Scalar("SELECT count(*) FROM queue WHERE state <> 'queued'"));
    }

    private static List<ClaimedPoint> ClaimAll(PostgresRunStore store, string owner, string? sweep)
    {
        var claimed = new List<ClaimedPoint>();
        while (store.Claim(owner, Lease, sweep) is { } c) claimed.Add(c);
        return claimed;
    }
}
