using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Solvers;

/// <summary>Why a solver returned.</summary>
public enum StopReason
{
    /// <summary>A configuration with zero errors was found.</summary>
    Solved,

    /// <summary>The iteration budget ran out.</summary>
    MaxIterations,

    /// <summary>The wall-clock budget ran out.</summary>
    TimeLimit,

    /// <summary>The caller cancelled.</summary>
    Cancelled,

    /// <summary>A quantity became NaN or infinite.</summary>
    NonFinite,
}

/// <summary>One point of an errors-versus-time trace.</summary>
public readonly record struct TracePoint(double Seconds, long Iteration, int Errors);

/// <summary>A progress report: where a run is and how well it is doing.</summary>
public readonly record struct SolveProgress(long Iteration, int Restart, int Errors, int BestErrors, double Seconds, string Phase);

/// <summary>
/// What a solver returns: the best configuration seen, its error count recomputed from scratch by the problem,
/// the work done and why the run stopped.
/// </summary>
public sealed record SolveResult(
    SpinVector Best,
    int Errors,
    long Iterations,
    int Restarts,
    TimeSpan Elapsed,
    StopReason StopReason,
    IReadOnlyList<TracePoint> Trace)
{
    /// <summary>True when <see cref="Best"/> has no errors.</summary>
    public bool Solved => Errors == 0;

    /// <summary>
    /// The best configuration of a multi-level problem (<see cref="LevelPerceptron"/>), whose errors
    /// <see cref="Errors"/> counts; <see cref="Best"/> then holds its signs (a zero weight counts +1). Null on ±1 problems.
    /// </summary>
    public LevelWeights? Levels { get; init; }

    /// <summary>The result of a run on multi-level weights.</summary>
    internal static SolveResult ForLevels(LevelWeights best, int errors, long iterations, int restarts, TimeSpan elapsed,
                                          StopReason stopReason, IReadOnlyList<TracePoint> trace) =>
        new(best.Signs(), errors, iterations, restarts, elapsed, stopReason, trace) { Levels = best.Clone() };
}

/// <summary>A solver for problems of type <typeparamref name="TProblem"/>.</summary>
public interface ISolver<in TProblem>
{
    /// <summary>Short name used on the command line and in reports (e.g. "rmc").</summary>
    string Name { get; }

    /// <summary>Runs until solved or a limit is hit. All randomness comes from <paramref name="rng"/>.</summary>
    SolveResult Solve(TProblem problem, Rng rng, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default);
}
