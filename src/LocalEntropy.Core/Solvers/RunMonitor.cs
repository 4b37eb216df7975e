using System.Diagnostics;

namespace LocalEntropy.Solvers;

/// <summary>
/// Book-keeping common to all solvers: clock, limits, cancellation, throttled progress reports and the
/// errors-versus-time trace. Solvers call <see cref="Tick"/> once per iteration.
/// </summary>
internal sealed class RunMonitor
{
    private static readonly double ReportInterval = 0.1;

    private readonly SolverLimits _limits;
    private readonly IProgress<SolveProgress>? _progress;
    private readonly CancellationToken _cancellation;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<TracePoint> _trace = [];
    private double _lastReport = double.NegativeInfinity;

    public RunMonitor(SolverLimits limits, IProgress<SolveProgress>? progress, CancellationToken cancellation)
    {
        limits.Validate();
        _limits = limits;
        _progress = progress;
        _cancellation = cancellation;
    }

    public long Iterations { get; private set; }

    public int Restarts { get; set; }

    public int BestErrors { get; private set; } = int.MaxValue;

    public double Seconds => _clock.Elapsed.TotalSeconds;

    public IReadOnlyList<TracePoint> Trace => _trace;

    /// <summary>Counts one iteration, records <paramref name="errors"/>, and says whether the run must stop.</summary>
    public StopReason? Tick(int errors, string phase)
    {
        Iterations++;
        double now = Seconds;
        bool improved = errors < BestErrors;
        if (improved) BestErrors = errors;
        if (improved || now - _lastReport >= ReportInterval)
        {
            _trace.Add(new TracePoint(now, Iterations, errors));
            if (now - _lastReport >= ReportInterval || errors == 0)
            {
                _lastReport = now;
                _progress?.Report(new SolveProgress(Iterations, Restarts, errors, BestErrors, now, phase));
            }
        }
        if (errors == 0)
        {
            _limits.SharedCap?.Lower(Iterations);
            return StopReason.Solved;
        }
        if (_cancellation.IsCancellationRequested) return StopReason.Cancelled;
        if (Iterations >= _limits.MaxIterations) return StopReason.MaxIterations;
        if (_limits.SharedCap is { } cap && Iterations >= cap.Value) return StopReason.MaxIterations;
        if (_limits.TimeLimit is { } limit && _clock.Elapsed >= limit) return StopReason.TimeLimit;
        return null;
    }

    public TimeSpan Elapsed => _clock.Elapsed;
}
