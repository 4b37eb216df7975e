using System.Diagnostics;

namespace LocalEntropy.Cli.Tests;

/// <summary>Runs the built `lent` as a separate process, as a user would.</summary>
internal static class LentProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static Outcome Run(params string[] args) => RunIn(Directory.GetCurrentDirectory(), args);

    public static Outcome RunIn(string workingDirectory, params string[] args) => RunIn(workingDirectory, args, _ => { });

    /// <summary>
    /// Runs `lent` and presses Ctrl-C (SIGINT) once it has used <paramref name="cpuBefore"/> of processor time, enough
    /// to have started up and reached its work, or after 20 s of wall time at the latest: on a machine loaded by
    /// other work a process can sit for a minute with little processor time; POSIX only.
    /// </summary>
    public static Outcome Interrupt(string workingDirectory, TimeSpan cpuBefore, params string[] args) =>
        RunIn(workingDirectory, args, process =>
        {
            var wall = Stopwatch.StartNew();
            while (!process.HasExited && process.TotalProcessorTime < cpuBefore && wall.Elapsed < TimeSpan.FromSeconds(20)) Thread.Sleep(50);
            if (!process.HasExited) Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        });

    /// <summary>Runs `lent` and kills it with SIGKILL, no clean-up possible, as soon as <paramref name="when"/> holds.</summary>
    public static Outcome Kill(string workingDirectory, Func<bool> when, params string[] args) =>
        RunIn(workingDirectory, args, process =>
        {
            while (!process.HasExited && !when()) Thread.Sleep(10);
            if (!process.HasExited) process.Kill();
        });

    /// <summary>
    /// Runs `lent` and reports its peak resident set (VmHWM of /proc/PID/status, read every 20 ms until it exits;
    /// the high-water mark only grows, so the last reading is the peak up to the final 20 ms); Linux only.
    /// </summary>
    public static (Outcome Outcome, long PeakBytes) RunMeasured(params string[] args)
    {
        long peak = 0;
        // Generating and transposing N·P = 6·10⁹ signs takes a while on a loaded machine: allow 10 minutes.
        Outcome outcome = Dotnet(Directory.GetCurrentDirectory(), [Path.Combine(AppContext.BaseDirectory, "lent.dll"), .. args], process =>
        {
            string status = $"/proc/{process.Id}/status";
            while (!process.HasExited)
            {
                try
                {
                    string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                    if (line is not null) peak = Math.Max(peak, 1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture));
                }
                catch (IOException)
                {
                    // The process exited between the check and the read.
                }
                Thread.Sleep(20);
            }
        }, TimeSpan.FromMinutes(10));
        return (outcome, peak);
    }

    private static Outcome RunIn(string workingDirectory, string[] args, Action<Process> whileRunning) =>
        Dotnet(workingDirectory, [Path.Combine(AppContext.BaseDirectory, "lent.dll"), .. args], whileRunning, TimeSpan.FromMinutes(3));

    /// <summary>Runs the `dotnet` driver with <paramref name="args"/>: the built `lent.dll`, or an SDK command.</summary>
    public static Outcome Dotnet(string workingDirectory, IEnumerable<string> args, Action<Process> whileRunning, TimeSpan timeout)
    {
        // A job started in the background by a non-interactive shell inherits SIGINT ignored, and the runtime then
        // never sees Ctrl-C: env restores the default disposition so that the Ctrl-C tests mean the same there.
        var info = new ProcessStartInfo(OperatingSystem.IsLinux() ? "env" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (OperatingSystem.IsLinux())
        {
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add("dotnet");
        }
        foreach (string a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        whileRunning(process);
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish");
        }
        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }
}
