using System.Collections.Concurrent;
using System.Diagnostics;
using LocalEntropy.Problems;

namespace LocalEntropy.Experiments;

/// <summary>Where a running sweep is: runs finished (and stored) out of those it set out to run, and how many solved.</summary>
public readonly record struct SweepProgress(int Done, int Total, int Solved);

/// <summary>What a sweep did.</summary>
/// <param name="Points">Distinct points of the grid.</param>
/// <param name="StoredBefore">Points found stored when the sweep started (skipped).</param>
/// <param name="Ran">Runs finished and stored now.</param>
/// <param name="Solved">Of those, runs that found a solution.</param>
/// <param name="RunSeconds">
/// Time inside the runs stored now (instance generation, solver set-up, solve, report), summed over workers.
/// </param>
/// <param name="WallSeconds">Wall time of the pool, from the first run started to the last stored.</param>
/// <param name="Workers">Runs at once.</param>
/// <param name="Interrupted">Stopped by cancellation before the grid was complete.</param>
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
/// Runs the points of a sweep that its store does not have yet, on a pool of workers, storing each run the moment it
/// finishes. A run cut short by cancellation is not stored, so a sweep stopped at any moment and started again
/// runs every point exactly once.
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
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        string sweep = points.Count > 0 ? points[0].Sweep : "";
        IReadOnlySet<string> stored = store.StoredPoints(sweep);
        SweepPoint[] todo = [.. points.Where(p => !stored.Contains(p.Id))];
        var instances = new InstanceCache(todo);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failures = new ConcurrentQueue<StoreException>();
        int ran = 0, solved = 0;
        long runTicks = 0;
        var clock = Stopwatch.StartNew();
        progress?.Report(new SweepProgress(0, todo.Length, 0));
        try
        {
            Parallel.ForEach(
                Partitioner.Create(todo, EnumerablePartitionerOptions.NoBuffering),
                new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = stop.Token },
                point =>
                {
                    long start = Stopwatch.GetTimestamp();
                    IFlipProblem instance = instances.Take(point.Instance);
                    RunRecord? record = run(point, instance, stop.Token);
                    long elapsed = Stopwatch.GetElapsedTime(start).Ticks;
                    instances.Release(point.Instance);
                    if (record is null) return;
                    try
                    {
                        store.Add(record);
                    }
                    catch (StoreException e)
                    {
                        failures.Enqueue(e);
                        stop.Cancel();
                        return;
                    }
                    Interlocked.Add(ref runTicks, elapsed);
                    int s = record.Report.Solved ? Interlocked.Increment(ref solved) : Volatile.Read(ref solved);
                    int done = Interlocked.Increment(ref ran);
                    progress?.Report(new SweepProgress(done, todo.Length, s));
                });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Cancelled: by the caller, or by a failed store (reported below).
        }
        if (failures.TryPeek(out StoreException? failure))
        {
            throw new StoreException($"{failure.Message}; the sweep stopped with {ran} runs stored now and {points.Count - todo.Length} before (run it again to continue)", failure);
        }
        return new SweepSummary(
            points.Count, points.Count - todo.Length, ran, solved, TimeSpan.FromTicks(runTicks).TotalSeconds, clock.Elapsed.TotalSeconds, workers,
            ran < todo.Length);
    }

    /// <summary>
    /// Instances shared by the points that use them: generated on first use, dropped after the last, so memory holds
    /// only the instances of the points under way (grid order keeps the points of an instance together).
    /// </summary>
    private sealed class InstanceCache(IEnumerable<SweepPoint> points)
    {
        private readonly Dictionary<InstanceSpec, int> _uses = points.CountBy(p => p.Instance).ToDictionary();
        private readonly ConcurrentDictionary<InstanceSpec, Lazy<IFlipProblem>> _instances = new();

        public IFlipProblem Take(InstanceSpec spec) => _instances.GetOrAdd(spec, s => new Lazy<IFlipProblem>(s.Generate)).Value;

        public void Release(InstanceSpec spec)
        {
            lock (_uses)
            {
                if (--_uses[spec] == 0) _instances.TryRemove(spec, out _);
            }
        }
    }
}
