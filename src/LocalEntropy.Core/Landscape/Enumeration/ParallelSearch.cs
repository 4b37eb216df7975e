using System.Diagnostics;

namespace LocalEntropy.Landscape.Enumeration;

/// <summary>
/// When a search must stop: on cancellation or at a deadline read off the clock, polled by the searching threads
/// themselves (a timer would need a free pool thread to fire, and the pool is busy searching).
/// </summary>
internal readonly struct StopSignal(TimeSpan limit, CancellationToken cancel)
{
    private readonly long _deadline = limit == Timeout.InfiniteTimeSpan
        ? long.MaxValue
        : Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);

    /// <summary>A signal that never fires.</summary>
    public static StopSignal Never => new(Timeout.InfiniteTimeSpan, CancellationToken.None);

    public bool Now => cancel.IsCancellationRequested || Stopwatch.GetTimestamp() >= _deadline;
}

/// <summary>What one run over the search tree did.</summary>
internal readonly record struct SearchOutcome(long Nodes, EnumerationStop Stop, TimeSpan Elapsed);

/// <summary>
/// Runs the search tree on several threads: the tree is split at a fixed depth into subtrees that the threads take
/// in turn, each filling its own sink; the sinks are handed over in subtree order, so what comes out does not depend
/// on the thread count.
/// </summary>
internal interface IParallelSearch
{
    int Size { get; }

    /// <summary>
    /// Searches every subtree with a fresh sink from <paramref name="newSink"/>; <paramref name="consume"/> receives
    /// the sinks in search order, a batch at a time; <paramref name="progress"/> hears the fraction of subtrees done.
    /// </summary>
    SearchOutcome Run<TSink>(Func<TSink> newSink, Action<TSink> consume, SolutionEnumeratorOptions options, IProgress<double>? progress, CancellationToken cancel)
        where TSink : ICubeSink;
}

/// <inheritdoc cref="IParallelSearch"/>
internal sealed class ParallelSearch<TLanes>(SearchProblem problem) : IParallelSearch
    where TLanes : struct, ILaneBlock<TLanes>
{
    private readonly SearchTree<TLanes> _tree = new(problem);

    public int Size => _tree.Size;

    public SearchOutcome Run<TSink>(Func<TSink> newSink, Action<TSink> consume, SolutionEnumeratorOptions options, IProgress<double>? progress, CancellationToken cancel)
        where TSink : ICubeSink
    {
        var clock = Stopwatch.StartNew();
        var signal = new StopSignal(options.TimeLimit, cancel);
        // Subtrees of about 2^16 configurations or more, at most 2^14 of them: enough to balance the threads, large
        // enough that handing one out costs little next to searching it.
        List<SearchTree<TLanes>.Node> roots = _tree.Split(Math.Clamp(Size - 16, 0, 14));
        long nodes = roots.Count;
        bool finished = true;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads };
        // Batches bound the memory of listing sinks; the threads share each batch dynamically.
        int batch = Math.Max(64, 16 * options.Threads);
        for (int start = 0; start < roots.Count && finished; start += batch)
        {
            int count = Math.Min(batch, roots.Count - start);
            var sinks = new TSink[count];
            var work = new long[count];
            var done = new bool[count];
            Parallel.For(0, count, parallel, i =>
            {
                sinks[i] = newSink();
                if (signal.Now) return;
                (work[i], done[i]) = _tree.Search(roots[start + i], sinks[i], signal);
            });
            nodes += work.Sum();
            finished = done.All(d => d);
            if (!finished) break;
            foreach (TSink sink in sinks) consume(sink);
            progress?.Report((double)(start + count) / roots.Count);
        }
        EnumerationStop stop = finished ? EnumerationStop.Complete
            : cancel.IsCancellationRequested ? EnumerationStop.Cancelled : EnumerationStop.TimeLimit;
        return new SearchOutcome(nodes, stop, clock.Elapsed);
    }
}
