using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using LocalEntropy.Problems;

namespace LocalEntropy.Experiments;

/// <summary>Where a running sweep is: runs finished (and stored) out of those it set out to run, and how many solved.</summary>
public readonly record struct SweepProgress(int Done, int Total, int Solved);

/// <summary>What a sweep did.</summary>
/// <param name="Points">Distinct points of the grid (of a queue: the points pending when the worker started).</param>
/// <param name="StoredBefore">Points found stored when the sweep started (skipped).</param>
/// <param name="Ran">Runs finished and stored now.</param>
/// <param name="Solved">Of those, runs that found a solution.</param>
/// <param name="RunSeconds">
/// Time inside the runs stored now (instance generation, solver set-up, solve, report), summed over workers.
/// </param>
/// <param name="WallSeconds">Wall time of the pool, from the first run started to the last stored.</param>
/// <param name="Workers">Runs at once.</param>
/// <param name="Interrupted">Stopped by cancellation with points left.</param>
public sealed record SweepSummary(
    int Points, int StoredBefore, int Ran, int Solved, double RunSeconds, double WallSeconds, int Workers, bool Interrupted)
{
    /// <summary>Points still to run.</summary>
    public int Remaining => Points - StoredBefore - Ran;

    /// <summary>
    /// The sweep's own share of the workers' time, outside the runs: storing, scheduling, and workers idle at the end
    /// of the grid.
    /// </summary>
    public double Overhead => WallSeconds > 0 && Ran > 0 ? 1 - RunSeconds / (WallSeconds * Math.Min(Workers, Ran)) : 0;
}

/// <summary>
/// Hands a sweep's workers their points, one at a time and from several threads: the unstored points of a grid, or
/// the points of a queue shared with workers on other machines (<see cref="QueuePoints"/>).
/// </summary>
public interface IPointSource
{
    /// <summary>Points left to run when the runner starts (for progress).</summary>
    int Remaining { get; }

    /// <summary>
    /// The next point to run, or null when none is left; may wait for one (the last points of a queue, running
    /// elsewhere, may come back). Throws <see cref="OperationCanceledException"/> when cancelled while it waits.
    /// </summary>
    SweepPoint? Take(CancellationToken cancellationToken);

    /// <summary>Called once for every point handed out: its run was stored, or abandoned (cancelled, or the store failed).</summary>
    void Finished(SweepPoint point, bool stored);
}

/// <summary>
/// Runs the points of a sweep on a pool of workers, storing each run the moment it finishes: the points of a grid
/// that its store does not have yet, or the points a queue hands out. A run cut short by cancellation is not stored,
/// so a sweep stopped at any moment and started again runs every point exactly once.
/// </summary>
public static class SweepRunner
{
    /// <summary>
    /// Runs the unstored <paramref name="points"/> (of one sweep) with <paramref name="workers"/> at once;
    /// <paramref name="run"/> runs one point on its instance and returns its record, or null when cancellation cut it
    /// short. Each instance is generated once and shared by the points that use it while they run. A store
    /// that fails stops the sweep: the runs under way are cancelled and a <see cref="StoreException"/> says how many
    /// were stored.
    /// </summary>
    public static SweepSummary Run(
        IRunStore store,
        IReadOnlyList<SweepPoint> points,
        int workers,
        Func<SweepPoint, IFlipProblem, CancellationToken, RunRecord?> run,
        IProgress<SweepProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        string sweep = points.Count > 0 ? points[0].Sweep : "";
        IReadOnlySet<string> stored = store.StoredPoints(sweep);
        SweepPoint[] todo = [.. points.Where(p => !stored.Contains(p.Id))];
        int before = points.Count - todo.Length;
        SweepSummary summary = Pool(store, new GridPoints(todo), new InstanceCache(todo), workers, run, progress,
            ran => $"the sweep stopped with {ran} runs stored now and {before} before (run it again to continue)", cancellationToken);
        return summary with { Points = points.Count, StoredBefore = before };
    }

    /// <summary>
    /// Runs the points that <paramref name="source"/> hands out (a queue's) with <paramref name="workers"/> at once, as
    /// <see cref="Run(IRunStore, IReadOnlyList{SweepPoint}, int, Func{SweepPoint, IFlipProblem, CancellationToken, RunRecord?}, IProgress{SweepProgress}?, CancellationToken)"/>
    /// does a grid's, until it has none left. The summary counts the points pending at the start as its points.
    /// </summary>
    public static SweepSummary Run(
        IRunStore store,
        IPointSource source,
        int workers,
        Func<SweepPoint, IFlipProblem, CancellationToken, RunRecord?> run,
        IProgress<SweepProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Pool(store, source, new InstanceCache(null), workers, run, progress,
            ran => $"the worker stopped with {ran} runs stored (its other points go back to the queue)", cancellationToken);

    private static SweepSummary Pool(
        IRunStore store,
        IPointSource source,
        InstanceCache instances,
        int workers,
        Func<SweepPoint, IFlipProblem, CancellationToken, RunRecord?> run,
        IProgress<SweepProgress>? progress,
        Func<int, string> stopped,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failures = new ConcurrentQueue<Exception>();
        int total = source.Remaining, ran = 0, solved = 0, cut = 0;
        long runTicks = 0;
        var clock = Stopwatch.StartNew();
        progress?.Report(new SweepProgress(0, total, 0));

        void Work()
        {
            try
            {
                while (true)
                {
                    if (stop.IsCancellationRequested || source.Take(stop.Token) is not { } point)
                    {
                        // Stopped with points left, or the source ran dry.
                        if (stop.IsCancellationRequested) Interlocked.Exchange(ref cut, 1);
                        return;
                    }
                    bool stored = false;
                    try
                    {
                        long start = Stopwatch.GetTimestamp();
                        IFlipProblem instance = instances.Take(point.Instance);
                        RunRecord? record = run(point, instance, stop.Token);
                        long elapsed = Stopwatch.GetElapsedTime(start).Ticks;
                        instances.Release(point.Instance);
                        if (record is null)
                        {
                            Interlocked.Exchange(ref cut, 1);
                            return;
                        }
                        store.Add(record);
                        stored = true;
                        Interlocked.Add(ref runTicks, elapsed);
                        int s = record.Report.Solved ? Interlocked.Increment(ref solved) : Volatile.Read(ref solved);
                        int done = Interlocked.Increment(ref ran);
                        progress?.Report(new SweepProgress(done, total, s));
                    }
                    finally
                    {
                        source.Finished(point, stored);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                Interlocked.Exchange(ref cut, 1);
            }
            catch (Exception e)
            {
                // A failed store (or a point that cannot be run) stops every worker; the first failure is reported.
                failures.Enqueue(e);
                stop.Cancel();
            }
        }

        Task.WaitAll([.. Enumerable.Range(0, workers).Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))]);
        if (failures.TryPeek(out Exception? failure))
        {
            if (failure is StoreException e) throw new StoreException($"{e.Message}; {stopped(ran)}", e);
            ExceptionDispatchInfo.Throw(failure);
        }
        return new SweepSummary(total, 0, ran, solved, TimeSpan.FromTicks(runTicks).TotalSeconds, clock.Elapsed.TotalSeconds, workers, cut != 0);
    }

    /// <summary>One point after another from an array, for the workers of a grid.</summary>
    private sealed class GridPoints(SweepPoint[] points) : IPointSource
    {
        private int _next = -1;

        public int Remaining => points.Length;

        public SweepPoint? Take(CancellationToken cancellationToken)
        {
            int i = Interlocked.Increment(ref _next);
            return i < points.Length ? points[i] : null;
        }

        public void Finished(SweepPoint point, bool stored) { }
    }

    /// <summary>
    /// Instances shared by the points that use them, generated on first use. The uses of a grid's points are counted
    /// up front, so an instance is dropped after its last point and memory holds only the instances of the points
    /// under way (grid order keeps the points of an instance together); points claimed one at a time count as they
    /// come, so an instance lives while runs under way use it.
    /// </summary>
    private sealed class InstanceCache(IEnumerable<SweepPoint>? planned)
    {
        private readonly Dictionary<InstanceSpec, int> _uses = planned?.CountBy(p => p.Instance).ToDictionary() ?? [];
        private readonly bool _countAsTaken = planned is null;
        private readonly ConcurrentDictionary<InstanceSpec, Lazy<IFlipProblem>> _instances = new();

        public IFlipProblem Take(InstanceSpec spec)
        {
            if (_countAsTaken)
            {
                lock (_uses) _uses[spec] = _uses.GetValueOrDefault(spec) + 1;
            }
            return _instances.GetOrAdd(spec, s => new Lazy<IFlipProblem>(s.Generate)).Value;
        }

        public void Release(InstanceSpec spec)
        {
            lock (_uses)
            {
                if (--_uses[spec] == 0) _instances.TryRemove(spec, out _);
            }
        }
    }
}
