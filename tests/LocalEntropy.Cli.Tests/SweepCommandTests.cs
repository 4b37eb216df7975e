using System.Text.Json;
using LocalEntropy.Experiments;
using LocalEntropy.IO;
using Microsoft.Data.Sqlite;

namespace LocalEntropy.Cli.Tests;

public class SweepCommandTests
{
    /// <summary>Runs stored so far, or −1 while the database has no `runs` table yet.</summary>
    private static long StoredRuns(string db)
    {
        try
        {
            using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            c.Open();
            using SqliteCommand command = c.CreateCommand();
            command.CommandText = "SELECT count(*) FROM runs";
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return -1;
        }
    }

    private static RunTable Runs(string db)
    {
        using var store = SqliteRunStore.Open(db, readOnly: true);
        return store.Runs();
    }

    private static object? Cell(RunTable table, object?[] row, string column) => row[table.Columns.ToList().IndexOf(column)];

    [Fact]
    public void Sweep_KilledThreeTimesAndRestarted_StoresEveryPointOnceAndEverySolutionVerifies()
    {
        using var dir = new TempDir();
        string db = dir.File("r.sqlite");
        string[] sweep =
        [
            "sweep", "--n", "41,61", "--alphas", "0.5:0.8:0.1", "--algorithms", "sa,rmc,rsgd,fbp", "--seeds", "5",
            "--max-seconds", "0.05", "--db", db, "--name", "kill",
        ];
        var random = new Random(7);
        long stored = 0;
        for (int kill = 0; kill < 3; kill++)
        {
            // A kill at a random moment while runs are being stored, at least one run after the restart.
            long at = stored + 1 + random.Next(30);
            var killed = LentProcess.Kill(dir.Path, () => StoredRuns(db) >= at, sweep);
            Assert.NotEqual(0, killed.ExitCode);
            stored = StoredRuns(db);
            Assert.InRange(stored, at, 159);
        }

        var last = LentProcess.Run(sweep);

        Assert.Equal(0, last.ExitCode);
        Assert.Contains($"160 points; {stored} stored before", last.Stdout, StringComparison.Ordinal);
        RunTable table = Runs(db);
        Assert.Equal(160, table.Rows.Count);
        Assert.Equal(160, table.Rows.Select(r => Cell(table, r, "point")).Distinct().Count());
        // How many solve within 0.05 s depends on the machine's load; some always do at α = 0.5.
        Assert.Contains(table.Rows, r => (long)Cell(table, r, "solved")! == 1);
        foreach (object?[] row in table.Rows)
        {
            var instance = new InstanceSpec(ProblemKind.Perceptron, (int)(long)Cell(table, row, "n")!, 1, (double)Cell(table, row, "alpha")!, false, (ulong)(long)Cell(table, row, "seed")!);
            var weights = WeightsFile.Parse([(string)Cell(table, row, "weights")!], "weights");
            int errors = instance.Generate().Errors(weights);
            Assert.Equal((long)Cell(table, row, "errors")!, errors);
            Assert.Equal((long)Cell(table, row, "solved")! == 1, errors == 0);
        }
    }

    [Fact]
    public void Sweep_StoredCommand_ReproducesTheRun()
    {
        using var dir = new TempDir();
        string db = dir.File("r.sqlite");

        var r = LentProcess.Run("sweep", "--n", "61", "--alphas", "0.6", "--algorithms", "sa,rmc", "--seeds", "2", "--max-iterations", "30",
            "--grid", "Replicas=3,5", "--set", "Beta=linear:0.5:3", "--db", db);

        Assert.Equal(0, r.ExitCode);
        RunTable table = Runs(db);
        Assert.Equal(2 * (1 + 2), table.Rows.Count);
        foreach (object?[] row in table.Rows.Take(3))
        {
            string command = (string)Cell(table, row, "command")!;
            Assert.Contains("--set Beta=linear:0.5:3", command, StringComparison.Ordinal);
            var solve = LentProcess.Run([.. command.Split(' ').Skip(1), "--json"]);
            using var json = JsonDocument.Parse(solve.Stdout);
            Assert.Equal((string)Cell(table, row, "weights")!, json.RootElement.GetProperty("weights").GetString());
            Assert.Equal((string)Cell(table, row, "options_json")!, json.RootElement.GetProperty("options").GetRawText());
        }
    }

    [Fact]
    public void Sweep_Committee_StoresKAndExportsCsvAndJson()
    {
        using var dir = new TempDir();
        string db = dir.File("r.sqlite");

        var r = LentProcess.Run("sweep", "--problem", "committee", "--k", "3", "--n", "21", "--alphas", "0.2", "--algorithms", "fbp,sa",
            "--seeds", "2", "--max-iterations", "50", "--db", db, "--name", "c", "--export", dir.File("runs.csv"), "--json");
        var json = LentProcess.Run("sweep", "--db", db, "--export", dir.File("runs.json"));

        Assert.Equal(0, r.ExitCode);
        using var summary = JsonDocument.Parse(r.Stdout);
        Assert.Equal(4, summary.RootElement.GetProperty("ran").GetInt32());
        string[] csv = File.ReadAllLines(dir.File("runs.csv"));
        Assert.Equal(5, csv.Length);
        Assert.StartsWith("c,", csv[1], StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        using var runs = JsonDocument.Parse(File.ReadAllText(dir.File("runs.json")));
        Assert.Equal(4, runs.RootElement.GetArrayLength());
        Assert.All(runs.RootElement.EnumerateArray(), run =>
        {
            Assert.Equal(3, run.GetProperty("k").GetInt32());
            Assert.Equal(63, run.GetProperty("weights").GetString()!.Length);
            Assert.StartsWith("lent generate committee --n 21 --k 3 --alpha 0.2 --seed ", run.GetProperty("instance").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Sweep_KSat_StoresClauseLengthAndEveryAssignmentVerifies()
    {
        using var dir = new TempDir();
        string db = dir.File("r.sqlite");

        var r = LentProcess.Run("sweep", "--problem", "ksat", "--n", "40", "--alphas", "2,4.5", "--algorithms", "walksat,sa",
            "--seeds", "2", "--max-iterations", "2000", "--db", db, "--name", "sat");

        Assert.Equal(0, r.ExitCode);
        RunTable table = Runs(db);
        Assert.Equal(2 * 2 * 2, table.Rows.Count);
        // α = 2 is far below the satisfiability threshold (≈ 4.27): WalkSAT always solves it.
        Assert.Contains(table.Rows, row => (string)Cell(table, row, "algorithm")! == "walksat" && (double)Cell(table, row, "alpha")! == 2 && (long)Cell(table, row, "solved")! == 1);
        foreach (object?[] row in table.Rows)
        {
            Assert.Equal("ksat", Cell(table, row, "problem"));
            Assert.Equal(3L, Cell(table, row, "k"));
            var spec = new InstanceSpec(ProblemKind.KSat, 40, 3, (double)Cell(table, row, "alpha")!, false, (ulong)(long)Cell(table, row, "seed")!);
            Assert.StartsWith("lent generate ksat --n 40 --k 3 --alpha ", (string)Cell(table, row, "instance")!, StringComparison.Ordinal);
            var assignment = WeightsFile.Parse([(string)Cell(table, row, "weights")!], "assignment");
            int unsatisfied = spec.Generate().Errors(assignment);
            Assert.Equal((long)Cell(table, row, "errors")!, unsatisfied);
            Assert.Equal((long)Cell(table, row, "solved")! == 1, unsatisfied == 0);
        }
    }

    [Theory]
    [InlineData("ksat", "fbp", "fbp does not solve K-SAT formulas; choose one of")]
    [InlineData("perceptron", "walksat", "walksat does not solve the perceptron; choose one of")]
    public void Sweep_AlgorithmThatDoesNotSolveTheProblem_ExitsTwoBeforeAnythingIsWritten(string problem, string algorithm, string message)
    {
        using var dir = new TempDir();

        var r = LentProcess.RunIn(dir.Path, "sweep", "--problem", problem, "--n", "41", "--alphas", "0.5", "--algorithms", $"sa,{algorithm}", "--db", dir.File("r.sqlite"));

        BadInputTests.AssertBadInput(r, message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Sweep_CtrlC_StopsCleanlyAndTheNextRunCompletes()
    {
        using var dir = new TempDir();
        string db = dir.File("r.sqlite");
        // Runs bounded by iterations (about 0.8 s of processor time each), so the interrupt comes with work left on a
        // loaded machine too.
        string[] sweep = ["sweep", "--n", "1001", "--alphas", "0.9", "--algorithms", "sa", "--seeds", "8", "--max-iterations", "2000", "--db", db];

        var interrupted = LentProcess.Interrupt(dir.Path, TimeSpan.FromSeconds(1.5), sweep);
        var resumed = LentProcess.Run(sweep);

        Assert.Equal(130, interrupted.ExitCode);
        Assert.Contains("run the same command to continue", interrupted.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(8, Runs(db).Rows.Count);
    }

    [Theory]
    [InlineData("--alphas", "0.8:0.5:0.05", "--alphas: MIN:MAX:STEP needs MIN <= MAX")]
    [InlineData("--algorithms", "sa,,rmc", "--algorithms: an empty name")]
    [InlineData("--algorithms", "sa,annealing", "unknown algorithm 'annealing'")]
    [InlineData("--n", "41.5", "--n: '41.5' is not a whole number")]
    [InlineData("--set", "Replica=3", "unknown setting 'Replica' for sa, rmc")]
    [InlineData("--grid", "Replicas=", "--grid: 'Replicas=' has an empty value")]
    public void Sweep_MalformedGrid_ExitsTwoAndWritesNothing(string option, string value, string message)
    {
        using var dir = new TempDir();
        var args = new List<string> { "sweep", "--n", "41", "--alphas", "0.5", "--algorithms", "sa,rmc", "--db", dir.File("r.sqlite") };
        int i = args.IndexOf(option);
        if (i >= 0) args[i + 1] = value;
        else args.AddRange([option, value]);

        var r = LentProcess.RunIn(dir.Path, [.. args]);

        BadInputTests.AssertBadInput(r, message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData("text", "not a LocalEntropy results database")]
    [InlineData("foreign", "not a LocalEntropy results database")]
    [InlineData("newer", "is newer than this lent supports")]
    public void Sweep_DatabaseThatIsNotOurs_ExitsTwoAndLeavesItUnchanged(string kind, string message)
    {
        using var dir = new TempDir();
        string db = dir.File("r.sqlite");
        WriteForeignDatabase(kind, db);
        byte[] before = File.ReadAllBytes(db);

        var r = LentProcess.Run("sweep", "--n", "41", "--alphas", "0.5", "--algorithms", "sa", "--seeds", "1", "--max-iterations", "5", "--db", db);

        BadInputTests.AssertBadInput(r, "r.sqlite: ", message);
        Assert.Equal(before, File.ReadAllBytes(db));
    }

    /// <summary>A file that is not one of our results databases: "text", a "foreign" SQLite database, or ours of a "newer" schema.</summary>
    internal static void WriteForeignDatabase(string kind, string path)
    {
        if (kind == "text")
        {
            File.WriteAllText(path, "not a database\n");
            return;
        }
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using SqliteCommand command = c.CreateCommand();
        command.CommandText = kind == "foreign"
            ? "CREATE TABLE runs (x INTEGER)"
            : $"PRAGMA application_id = {SqliteRunStore.ApplicationId}; CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT); INSERT INTO schema_version VALUES (7, 'later');";
        command.ExecuteNonQuery();
    }

    [Fact]
    public void Sweep_NothingToDo_IsAUsageError()
    {
        BadInputTests.AssertBadInput(LentProcess.Run("sweep"), "give --n, --alphas and --algorithms");
        BadInputTests.AssertBadInput(LentProcess.Run("sweep", "--export", "runs.txt"), "--export", ".csv or .json");
    }
}
