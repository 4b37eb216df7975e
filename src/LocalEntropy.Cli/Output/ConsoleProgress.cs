using LocalEntropy.Solvers;
using Spectre.Console;

namespace LocalEntropy.Cli.Output;

/// <summary>
/// Runs work with a progress bar on stderr when stderr is a terminal, and silently otherwise, so stdout stays
/// machine-readable.
/// </summary>
internal static class ConsoleProgress
{
    public static bool Enabled => !Console.IsErrorRedirected && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);

    /// <summary>Runs <paramref name="work"/>, showing solver progress against a time budget in seconds.</summary>
    public static T RunSolver<T>(string title, double budgetSeconds, Func<IProgress<SolveProgress>?, T> work)
    {
        if (!Enabled) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask(Markup.Escape(title), maxValue: budgetSeconds);
                var progress = new Immediate<SolveProgress>(p =>
                {
                    task.Value = Math.Min(p.Seconds, budgetSeconds);
                    task.Description = Markup.Escape(
                        $"{title} it {p.Iteration} err {p.Errors} best {p.BestErrors} run {p.Restart + 1} {p.Phase}");
                });
                T result = work(progress);
                task.Value = budgetSeconds;
                return result;
            });
    }

    /// <summary>Runs <paramref name="work"/>, showing the fraction of it done (0 to 1) that it reports.</summary>
    public static T Run<T>(string title, Func<IProgress<double>?, T> work) =>
        RunWithStatus<T>(title, p => work(p is null ? null : new Immediate<double>(f => p.Report((f, "")))));

    /// <summary>Runs <paramref name="work"/>, showing the fraction done (0 to 1) and a status line that it reports.</summary>
    public static T RunWithStatus<T>(string title, Func<IProgress<(double Fraction, string Status)>?, T> work) =>
        Enabled
            ? WithTimeLeft(title, task =>
            {
                T result = work(new Immediate<(double Fraction, string Status)>(p =>
                {
                    task.Value = Math.Clamp(p.Fraction, 0, 1);
                    task.Description = Markup.Escape($"{title} {p.Status}".TrimEnd());
                }));
                task.Value = 1;
                return result;
            })
            : work(null);

    /// <summary>
    /// Runs <paramref name="work"/>, showing the jobs it reports done out of its total, a detail line, and the time
    /// left at the rate so far. Reports may come from any thread.
    /// </summary>
    public static T RunCounted<T>(string title, Func<IProgress<CountProgress>?, T> work)
    {
        if (!Enabled) return work(null);
        return WithTimeLeft(title, task =>
        {
            int shown = -1;
            return work(new Immediate<CountProgress>(p =>
            {
                // Reports from several threads can arrive out of order; the count only goes up.
                lock (task)
                {
                    if (p.Done < shown) return;
                    shown = p.Done;
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = Markup.Escape($"{title} {p.Done}/{p.Total}{p.Detail}");
                }
            }));
        });
    }

    /// <summary>One task on stderr with its bar, percentage, elapsed time and time left.</summary>
    private static T WithTimeLeft<T>(string title, Func<ProgressTask, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx => work(ctx.AddTask(Markup.Escape(title), maxValue: 1)));
    }

    /// <summary>An <see cref="IProgress{T}"/> that handles reports on the reporting thread.</summary>
    private sealed class Immediate<TValue>(Action<TValue> handler) : IProgress<TValue>
    {
        public void Report(TValue value) => handler(value);
    }
}

/// <summary>Jobs done out of a total, with a short detail for the progress line (e.g. ", 12 solved").</summary>
internal readonly record struct CountProgress(int Done, int Total, string Detail = "");
