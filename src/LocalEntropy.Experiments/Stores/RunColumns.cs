using System.Globalization;

namespace LocalEntropy.Experiments;

/// <summary>
/// The columns of the `runs` table and how a <see cref="RunRecord"/> fills them: shared by every engine, so the stores
/// differ only in SQL dialect.
/// </summary>
public static class RunColumns
{
    /// <summary>Column names in table order (the order of exports).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "sweep", "point", "problem", "n", "k", "p", "alpha", "teacher", "algorithm", "chains", "seed", "energy",
        "solved", "errors", "iterations", "restarts", "seconds", "stop_reason", "generalization_error", "weights",
        "options_hash", "options_json", "instance", "command", "version", "host", "started_at", "finished_at",
    ];

    /// <summary>The values of <paramref name="run"/>, one per entry of <see cref="Names"/>.</summary>
    public static object?[] Values(RunRecord run)
    {
        SweepPoint pt = run.Point;
        SolveReport r = run.Report;
        return
        [
            pt.Sweep, pt.Id, pt.Instance.ProblemName, (long)pt.Instance.N, (long)pt.Instance.K, (long)r.P, pt.Instance.Alpha,
            pt.Instance.Teacher ? 1L : 0L, pt.Algorithm, (long)pt.Chains, checked((long)pt.Instance.Seed), r.Energy,
            r.Solved ? 1L : 0L, (long)r.Errors, r.Iterations, (long)r.Restarts, r.Seconds, r.StopReason, r.GeneralizationError, r.Weights,
            pt.OptionsHash, pt.OptionsJson, pt.Instance.GenerateCommand, run.Command, run.Version, run.Host,
            Timestamp(run.StartedAt), Timestamp(run.FinishedAt),
        ];
    }

    /// <summary>UTC, ISO 8601 with the offset written out (sorts as text).</summary>
    public static string Timestamp(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
