using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LocalEntropy.Cli.Output;
using LocalEntropy.Experiments;
using LocalEntropy.IO;
using LocalEntropy.Solvers;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// A sweep across machines: `lent sweep plan` writes a grid into the queue of a PostgreSQL database, `lent sweep
/// worker` claims and runs its points until every one is done, and `lent sweep slurm` writes (and submits) a SLURM
/// job array whose tasks are workers.
/// </summary>
internal static partial class SweepQueueCommands
{
    public static Command Plan()
    {
        var command = new Command("plan", "write a grid's points into the queue of a PostgreSQL database for lent sweep worker; planning again adds nothing");
        var grid = new SweepGridOptions();
        var db = Database();
        var name = SweepCommand.Name("sweep name: its points, in the queue and stored");
        var json = CommonOptions.Json();
        grid.AddTo(command);
        foreach (Option o in new Option[] { db, name, json }) command.Options.Add(o);
        command.SetAction(parsed =>
        {
            string database = QueueUrl(parsed.GetValue(db)!);
            if (!grid.Given(parsed)) throw new UsageException("lent sweep plan needs a grid: give --n, --alphas and --algorithms");
            SweepGrid g = grid.Read(parsed, parsed.GetValue(name)!);
            IReadOnlyList<SweepPoint> points = SweepPlan.Points(g, SweepCommand.Options);
            using PostgresRunStore store = PostgresRunStore.Open(database);
            int planned = store.Plan(points);
            int pending = store.Pending(g.Name);
            if (parsed.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(
                    new { sweep = g.Name, database = store.Location, points = points.Count, planned, pending }, SolveReport.JsonOptions));
            }
            else
            {
                Console.Out.WriteLine($"sweep {g.Name}: {points.Count} points, {planned} planned now ({points.Count - planned} were already); {pending} pending in {store.Location}");
            }
            return LentApp.Ok;
        });
        return command;
    }

    public static Command Worker()
    {
        var command = new Command("worker", "claim points from the queue of a PostgreSQL database and run them until every point is done (one per machine, or per SLURM task)");
        var db = Database();
        var name = new Option<string?>("--name") { Description = "claim only the points of this sweep (default: of every sweep)" };
        var workers = SweepCommand.Workers();
        var lease = Lease();
        var json = CommonOptions.Json();
        foreach (Option o in new Option[] { db, name, workers, lease, json }) command.Options.Add(o);
        command.SetAction(parsed =>
        {
            string database = QueueUrl(parsed.GetValue(db)!);
            string? sweep = parsed.GetValue(name);
            using PostgresRunStore store = PostgresRunStore.Open(database);
            using var points = new QueuePoints(store, QueuePoints.ThisProcess, TimeSpan.FromSeconds(parsed.GetValue(lease)), sweep, SweepCommand.Options);
            SweepSummary s;
            using (var interrupt = new ConsoleInterrupt())
            {
                s = ConsoleProgress.RunCounted($"worker {points.Owner}", progress => SweepRunner.Run(
                    store, points, parsed.GetValue(workers), SweepCommand.Run, SweepCommand.Progress(progress), interrupt.Token));
            }
            int pending = store.Pending(sweep);
            if (parsed.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    worker = points.Owner, sweep, database = store.Location, s.Ran, s.Solved, s.Workers,
                    RunSeconds = Math.Round(s.RunSeconds, 3), WallSeconds = Math.Round(s.WallSeconds, 3),
                    Overhead = Math.Round(s.Overhead, 4), pending, s.Interrupted,
                }, SolveReport.JsonOptions));
            }
            else
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"worker {points.Owner}: {s.Ran} runs stored ({s.Solved} solved); {s.RunSeconds:F1} s of runs in {s.WallSeconds:F1} s on {s.Workers} workers " +
                    $"(overhead {100 * s.Overhead:F1} %); {pending} points pending in {store.Location}{(sweep is null ? "" : $" (sweep {sweep})")}"));
            }
            if (!s.Interrupted) return LentApp.Ok;
            Console.Error.WriteLine("lent: interrupted; the points under way go back to the queue");
            return LentApp.Interrupted;
        });
        return command;
    }

    public static Command Slurm()
    {
        var command = new Command("slurm", "write a SLURM job-array script whose tasks are workers of the queue (lent sweep worker), and with --submit submit it");
        var db = Database();
        var name = new Option<string?>("--name") { Description = "the workers claim only the points of this sweep (default: of every sweep)" };
        var array = CommonOptions.PositiveInt("--array", "tasks of the job array: workers that run at once on the cluster");
        array.Required = true;
        var cpus = CommonOptions.PositiveInt("--cpus-per-task", "CPUs of each task, and runs at once in its worker", 1);
        var partition = new Option<string?>("--partition") { Description = "SLURM partition (default: the cluster's default)" };
        var time = new Option<string?>("--time") { Description = "time limit of each task, HH:MM:SS or D-HH:MM:SS (default: the partition's)" };
        var lease = Lease();
        var output = new Option<FileInfo>("--out") { Description = "the script to write", DefaultValueFactory = _ => new FileInfo("lent-worker.sbatch") };
        var submit = new Option<bool>("--submit") { Description = "submit the script with sbatch and print the job id" };
        foreach (Option o in new Option[] { db, name, array, cpus, partition, time, lease, output, submit }) command.Options.Add(o);
        command.SetAction(parsed =>
        {
            string database = QueueUrl(parsed.GetValue(db)!);
            string? sweep = parsed.GetValue(name);
            if (parsed.GetValue(partition) is { } p && !PartitionName().IsMatch(p)) throw new UsageException($"--partition: '{p}' is not a partition name");
            if (parsed.GetValue(time) is { } t && !TimeLimit().IsMatch(t)) throw new UsageException($"--time: '{t}' is not HH:MM:SS or D-HH:MM:SS");
            FileInfo script = parsed.GetValue(output)!;
            if (script.Directory is { Exists: false } folder) throw new UsageException($"--out: cannot write {script}: folder does not exist: {folder.FullName}");
            int pending;
            using (PostgresRunStore store = PostgresRunStore.Open(database, readOnly: true)) pending = store.Pending(sweep);
            int tasks = parsed.GetValue(array), perTask = parsed.GetValue(cpus);
            AtomicFile.Write(script.FullName, w => w.Write(Script(
                database, sweep, tasks, perTask, parsed.GetValue(partition), parsed.GetValue(time), parsed.GetValue(lease), script.DirectoryName!)));
            string what = $"{tasks} workers of {perTask} CPU{(perTask == 1 ? "" : "s")} for the {pending} points pending";
            if (!parsed.GetValue(submit))
            {
                Console.Out.WriteLine($"{script}: {what}; submit it with: sbatch {ShellWords.Quote(script.ToString())}");
                return LentApp.Ok;
            }
            string job = Submit(script.FullName);
            Console.Out.WriteLine(job);
            Console.Error.WriteLine($"submitted job {job}: {what}; logs in {Path.Combine(script.DirectoryName!, $"lent-worker-{job}_*.out")}");
            return LentApp.Ok;
        });
        return command;
    }

    /// <summary>
    /// The job-array script: each task runs a worker through the lent that wrote it (the same dotnet and lent.dll
    /// paths, so the compute nodes must see them: one machine, or a shared file system).
    /// </summary>
    internal static string Script(string database, string? sweep, int tasks, int cpus, string? partition, string? time, int lease, string logs)
    {
        string process = Environment.ProcessPath!;
        IEnumerable<string> lent = Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, Path.Combine(AppContext.BaseDirectory, "lent.dll")] : [process];
        IEnumerable<string> worker =
        [
            .. lent, "sweep", "worker", "--db", database, .. (sweep is null ? (string[])[] : ["--name", sweep]),
            "--workers", cpus.ToString(CultureInfo.InvariantCulture), "--lease-seconds", lease.ToString(CultureInfo.InvariantCulture),
        ];
        var lines = new List<string>
        {
            "#!/bin/bash",
            "# Written by lent sweep slurm: every task of the array is a lent sweep worker, which claims points of the queue",
            "# and runs them until every point is done. A task that dies loses its lease and another one runs its point.",
            "#SBATCH --job-name=lent-worker",
            $"#SBATCH --array=1-{tasks}",
            $"#SBATCH --cpus-per-task={cpus}",
        };
        if (partition is not null) lines.Add($"#SBATCH --partition={partition}");
        if (time is not null) lines.Add($"#SBATCH --time={time}");
        lines.Add($"#SBATCH --output={Path.Combine(logs, "lent-worker-%A_%a.out")}");
        lines.Add("exec " + string.Join(' ', worker.Select(ShellWords.Quote)));
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>--db for the queue commands: a PostgreSQL URL, required.</summary>
    private static Option<string> Database() => new("--db") { Description = "the database with the queue: postgresql://user[:password]@host[:port]/database", Required = true };

    private static Option<int> Lease() => CommonOptions.PositiveInt(
        "--lease-seconds", "how long a claimed point stays a worker's without news of it; renewed every third of it while the run goes on", 60);

    /// <summary>The queue lives in PostgreSQL; a file name is refused before anything is created.</summary>
    private static string QueueUrl(string database) => PostgresRunStore.IsUrl(database)
        ? database
        : throw new UsageException($"--db: the queue that workers share lives in PostgreSQL; give postgresql://user@host/database, not '{database}'");

    /// <summary>Submits the script with sbatch; its job id.</summary>
    private static string Submit(string script)
    {
        var info = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--parsable");
        info.ArgumentList.Add(script);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception)
        {
            throw new UsageException("--submit: sbatch not found; is SLURM installed on this machine?");
        }
        using (process)
        {
            Task<string> errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                string reason = errors.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit code {process.ExitCode}";
                throw new UsageException($"sbatch {script}: {reason}");
            }
            // --parsable prints "jobid" or "jobid;cluster".
            return output.Trim().Split(';')[0];
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.,-]+$")]
    private static partial Regex PartitionName();

    [GeneratedRegex(@"^(\d+-)?\d+:[0-5]\d:[0-5]\d$")]
    private static partial Regex TimeLimit();
}
