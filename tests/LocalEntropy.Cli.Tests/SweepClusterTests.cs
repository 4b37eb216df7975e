using System.Diagnostics;
using System.Text.RegularExpressions;
using LocalEntropy.Experiments;
using LocalEntropy.IO;

namespace LocalEntropy.Cli.Tests;

/// <summary>`lent sweep plan | worker | slurm` on the local PostgreSQL and SLURM of scripts/cluster-up, for real.</summary>
[Trait("Category", "Cluster")]
public partial class SweepClusterTests
{
    private static readonly string[] Grid = ["--n", "41,61", "--alphas", "0.5,0.7", "--algorithms", "sa,rmc", "--seeds", "3", "--max-iterations", "200"];

    private static RunTable Runs(string url)
    {
        using var store = PostgresRunStore.Open(url, readOnly: true);
        return store.Runs();
    }

    private static object? Cell(RunTable table, object?[] row, string column) => row[table.Columns.ToList().IndexOf(column)];

    /// <summary>Every stored run has distinct points and an error count that the regenerated instance confirms.</summary>
    private static void AssertEveryRunVerifies(RunTable table, int points)
    {
        Assert.Equal(points, table.Rows.Count);
        Assert.Equal(points, table.Rows.Select(r => Cell(table, r, "point")).Distinct().Count());
        foreach (object?[] row in table.Rows)
        {
            var instance = new InstanceSpec(ProblemKind.Perceptron, (int)(long)Cell(table, row, "n")!, 1, (double)Cell(table, row, "alpha")!, false, (ulong)(long)Cell(table, row, "seed")!);
            int errors = instance.Generate().Errors(WeightsFile.Parse([(string)Cell(table, row, "weights")!], "weights"));
            Assert.Equal((long)Cell(table, row, "errors")!, errors);
            Assert.Equal((long)Cell(table, row, "solved")! == 1, errors == 0);
        }
    }

    [ClusterFact]
    public void Slurm_ArrayOfTwoWorkers_StoresEveryPointOfThePlanOnceAndEverySolutionVerifies()
    {
        using var db = new ScratchDatabase();
        using var dir = new TempDir();
        string script = dir.File("workers.sbatch");

        var plan = LentProcess.Run(["sweep", "plan", .. Grid, "--db", db.Url, "--name", "array"]);
        var again = LentProcess.Run(["sweep", "plan", .. Grid, "--db", db.Url, "--name", "array"]);
        var submit = LentProcess.Run("sweep", "slurm", "--db", db.Url, "--name", "array", "--array", "2", "--time", "00:05:00", "--out", script, "--submit");

        Assert.Equal(0, plan.ExitCode);
        Assert.Contains("sweep array: 24 points, 24 planned now (0 were already); 24 pending", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("24 points, 0 planned now (24 were already); 24 pending", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, submit.ExitCode);
        string job = submit.Stdout.Trim();
        Assert.Matches("^[0-9]+$", job);
        WaitForJob(job, TimeSpan.FromMinutes(4));
        string[] logs = Directory.GetFiles(dir.Path, $"lent-worker-{job}_*.out");
        Assert.Equal(2, logs.Length);
        // Each task ends with its worker's summary: how many runs it stored, together the whole grid.
        int[] stored = [.. logs.Select(f => int.Parse(StoredRuns().Match(File.ReadAllText(f)) is { Success: true } m ? m.Groups[1].Value : "-1", System.Globalization.CultureInfo.InvariantCulture))];
        Assert.All(stored, n => Assert.True(n >= 0, string.Join("\n", logs.Select(File.ReadAllText))));
        Assert.Equal(24, stored.Sum());
        AssertEveryRunVerifies(Runs(db.Url), 24);
        Assert.Equal(0L, db.Scalar("SELECT count(*) FROM queue WHERE state <> 'done' OR attempts <> 1"));
    }

    [ClusterFact]
    public void Worker_KilledMidRun_ItsPointIsFinishedByAnotherWorkerOnce()
    {
        using var db = new ScratchDatabase();
        using var dir = new TempDir();
        // Runs of about a second each (bounded by iterations, so they end the same under any load), at a load none solves.
        string[] grid = ["--n", "1001", "--alphas", "0.9", "--algorithms", "sa", "--seeds", "4", "--max-iterations", "2000"];
        string[] worker = ["sweep", "worker", "--db", db.Url, "--workers", "1", "--lease-seconds", "3"];
        Assert.Equal(0, LentProcess.Run(["sweep", "plan", .. grid, "--db", db.Url]).ExitCode);
        string? held = null;

        var killed = LentProcess.Kill(dir.Path, () => (held = (string?)db.Scalar("SELECT point FROM queue WHERE state = 'running'")) is not null, worker);
        Assert.NotEqual(0, killed.ExitCode);
        Assert.NotNull(held);
        Assert.Equal(0L, db.Scalar("SELECT count(*) FROM runs WHERE point = $1", held));
        long before = (long)db.Scalar("SELECT count(*) FROM runs")!;
        var survivor = LentProcess.Run(worker);

        Assert.Equal(0, survivor.ExitCode);
        Assert.Contains($": {4 - before} runs stored", survivor.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 points pending", survivor.Stdout, StringComparison.Ordinal);
        AssertEveryRunVerifies(Runs(db.Url), 4);
        Assert.Equal(2, db.Scalar("SELECT attempts FROM queue WHERE point = $1", held));
        Assert.Equal(1L, db.Scalar("SELECT count(*) FROM runs WHERE point = $1", held));
        Assert.Equal(3L, db.Scalar("SELECT count(*) FROM queue WHERE state = 'done' AND attempts = 1"));
    }

    [ClusterFact]
    public void Sweep_StoredInPostgres_PlanningItQueuesNothingToRun()
    {
        using var db = new ScratchDatabase();
        using var dir = new TempDir();

        var sweep = LentProcess.Run(["sweep", .. Grid, "--db", db.Url, "--name", "local", "--export", dir.File("runs.csv")]);
        var plan = LentProcess.Run(["sweep", "plan", .. Grid, "--db", db.Url, "--name", "local"]);
        var worker = LentProcess.Run("sweep", "worker", "--db", db.Url, "--name", "local", "--json");

        Assert.Equal(0, sweep.ExitCode);
        Assert.Equal(25, File.ReadAllLines(dir.File("runs.csv")).Length);
        Assert.Contains("24 planned now (0 were already); 0 pending", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"ran\":0", worker.Stdout, StringComparison.Ordinal);
        AssertEveryRunVerifies(Runs(db.Url), 24);
    }

    [ClusterFact]
    public void Slurm_WithoutSubmit_WritesAnArrayOfWorkersOfTheQueue()
    {
        using var db = new ScratchDatabase();
        using var dir = new TempDir();
        string script = dir.File("w.sbatch");
        LentProcess.Run(["sweep", "plan", .. Grid, "--db", db.Url]);

        var r = LentProcess.Run("sweep", "slurm", "--db", db.Url, "--name", "default", "--array", "8", "--cpus-per-task", "2",
            "--partition", "main", "--time", "1-02:00:00", "--lease-seconds", "90", "--out", script);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("8 workers of 2 CPUs for the 24 points pending", r.Stdout, StringComparison.Ordinal);
        string[] lines = File.ReadAllLines(script);
        Assert.Equal("#!/bin/bash", lines[0]);
        Assert.Contains("#SBATCH --array=1-8", lines);
        Assert.Contains("#SBATCH --cpus-per-task=2", lines);
        Assert.Contains("#SBATCH --partition=main", lines);
        Assert.Contains("#SBATCH --time=1-02:00:00", lines);
        Assert.Contains($"#SBATCH --output={dir.Path}/lent-worker-%A_%a.out", lines);
        Assert.EndsWith($"lent.dll sweep worker --db {db.Url} --name default --workers 2 --lease-seconds 90", lines[^1], StringComparison.Ordinal);
    }

    [ClusterFact]
    public void SweepAndWorker_ReadOnlyDatabase_StopWithOneLineAndKeepTheStoredRuns()
    {
        using var db = new ScratchDatabase();
        string[] Seeds(string seeds) => ["--n", "41", "--alphas", "0.5", "--algorithms", "sa", "--seeds", seeds, "--max-iterations", "50", "--db", db.Url];
        Assert.Equal(0, LentProcess.Run(["sweep", .. Seeds("2")]).ExitCode);
        Assert.Equal(0, LentProcess.Run(["sweep", "plan", .. Seeds("3")]).ExitCode);
        db.Execute($"ALTER DATABASE {db.Url[(db.Url.LastIndexOf('/') + 1)..]} SET default_transaction_read_only = on");

        var sweep = LentProcess.Run(["sweep", .. Seeds("4")]);
        var worker = LentProcess.Run("sweep", "worker", "--db", db.Url);

        BadInputTests.AssertBadInput(sweep, "cannot store a run: cannot execute INSERT in a read-only transaction; the sweep stopped with 0 runs stored now and 2 before");
        BadInputTests.AssertBadInput(worker, "cannot claim a point: cannot execute UPDATE in a read-only transaction; the worker stopped with 0 runs stored");
        Assert.Equal(2L, db.Scalar("SELECT count(*) FROM runs"));
        Assert.Equal(1L, db.Scalar("SELECT count(*) FROM queue WHERE state = 'queued'"));
    }

    [Fact]
    public void Plan_UnreachableDatabase_ExitsTwoNamingHostAndPort()
    {
        var r = LentProcess.Run(["sweep", "plan", .. Grid, "--db", "postgresql://lent@127.0.0.1:1/lent"]);

        BadInputTests.AssertBadInput(r, "cannot reach PostgreSQL at 127.0.0.1:1");
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("worker")]
    [InlineData("slurm")]
    public void QueueCommands_SqliteFile_ExitTwoAndCreateNothing(string verb)
    {
        using var dir = new TempDir();
        string[] extra = verb switch { "plan" => Grid, "slurm" => ["--array", "2"], _ => [] };

        var r = LentProcess.RunIn(dir.Path, ["sweep", verb, .. extra, "--db", "results.sqlite"]);

        BadInputTests.AssertBadInput(r, "--db: the queue that workers share lives in PostgreSQL");
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Theory]
    [InlineData("--time", "90", "--time: '90' is not HH:MM:SS or D-HH:MM:SS")]
    [InlineData("--partition", "a b", "--partition: 'a b' is not a partition name")]
    [InlineData("--array", "0", "--array must be at least 1")]
    public void Slurm_BadOption_ExitsTwoAndWritesNothing(string option, string value, string message)
    {
        using var dir = new TempDir();

        string[] args = ["sweep", "slurm", "--db", "postgresql://lent@127.0.0.1:1/lent", "--array", option == "--array" ? value : "2"];

        var r = LentProcess.RunIn(dir.Path, option == "--array" ? args : [.. args, option, value]);

        BadInputTests.AssertBadInput(r, message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [ClusterFact]
    public void Plan_NewerSchema_ExitsTwoAndWritesNothing()
    {
        using var db = new ScratchDatabase();
        using (PostgresRunStore.Open(db.Url)) { }
        db.Execute("INSERT INTO schema_version VALUES (7, 'later')");

        var r = LentProcess.Run(["sweep", "plan", .. Grid, "--db", db.Url]);

        BadInputTests.AssertBadInput(r, "schema version 7 is newer than this lent supports");
        Assert.Equal(0L, db.Scalar("SELECT count(*) FROM queue"));
    }

    [ClusterFact]
    public void Plan_MalformedGrid_ExitsTwoAndWritesNothing()
    {
        using var db = new ScratchDatabase();

        var r = LentProcess.Run("sweep", "plan", "--n", "41", "--alphas", "0.5", "--algorithms", "sa,annealing", "--db", db.Url);

        BadInputTests.AssertBadInput(r, "unknown algorithm 'annealing'");
        Assert.Equal(0L, db.Scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    /// <summary>Waits until SLURM no longer lists the job (all its tasks ended).</summary>
    private static void WaitForJob(string job, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var info = new ProcessStartInfo("squeue", ["-h", "-j", job, "-o", "%i %T"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var squeue = Process.Start(info)!;
            string listed = squeue.StandardOutput.ReadToEnd();
            squeue.WaitForExit();
            if (listed.Trim().Length == 0) return;
            Thread.Sleep(500);
        }
        throw new TimeoutException($"SLURM job {job} did not end within {timeout}");
    }

    [GeneratedRegex(@"^worker \S+: (\d+) runs stored", RegexOptions.Multiline)]
    private static partial Regex StoredRuns();
}
