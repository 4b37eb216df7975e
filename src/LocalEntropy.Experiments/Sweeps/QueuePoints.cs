namespace LocalEntropy.Experiments;

/// <summary>
/// The points of a queue shared by workers on many machines, claimed one at a time under a lease. A timer renews
/// all of this worker's leases every third of a lease, so a run may take however long it takes; a worker that dies
/// stops renewing, and its points go back to the queue when their leases expire. When nothing is left to claim but
/// points still run elsewhere, <see cref="Take"/> waits: one of them may come back.
/// </summary>
public sealed class QueuePoints : IPointSource, IDisposable
{
    /// <summary>How often a worker with nothing to claim asks again: a small query, and a returned point waits at most this long.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly IQueueStore _queue;
    private readonly TimeSpan _lease;
    private readonly string? _sweep;
    private readonly ConfigureOptions _configure;
    private readonly Timer _renewal;

    /// <summary>
    /// Claims the points of <paramref name="sweep"/> (of every sweep when null) from <paramref name="queue"/> for
    /// <paramref name="owner"/>, leased for <paramref name="lease"/> and renewed while they run; each claimed point is
    /// rebuilt from its recipe with <paramref name="configure"/> (<see cref="SweepPlan.Rebuild"/>).
    /// </summary>
    public QueuePoints(IQueueStore queue, string owner, TimeSpan lease, string? sweep, ConfigureOptions configure)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, TimeSpan.FromSeconds(1));
        _queue = queue;
        Owner = owner;
        _lease = lease;
        _sweep = sweep;
        _configure = configure;
        Remaining = queue.Pending(sweep);
        _renewal = new Timer(_ => Renew(), null, lease / 3, lease / 3);
    }

    /// <summary>The name the leases are held under (unique among the workers: host and process id).</summary>
    public string Owner { get; }

    /// <inheritdoc />
    public int Remaining { get; }

    /// <summary>A worker's lease owner name: the machine and the process.</summary>
    public static string ThisProcess => $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <inheritdoc />
    public SweepPoint? Take(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_queue.Claim(Owner, _lease, _sweep) is { } claimed)
            {
                try
                {
                    return SweepPlan.Rebuild(claimed.Recipe, claimed.Id, _configure);
                }
                catch
                {
                    _queue.Release(claimed.Recipe.Sweep, claimed.Id, Owner);
                    throw;
                }
            }
            if (_queue.Pending(_sweep) == 0) return null;
            cancellationToken.WaitHandle.WaitOne(Poll);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <inheritdoc />
    public void Finished(SweepPoint point, bool stored)
    {
        // A stored point is done (in the transaction that stored it); an abandoned one goes back to the queue now
        // rather than when its lease expires, or then if the store cannot be reached.
        if (stored) return;
        try
        {
            _queue.Release(point.Sweep, point.Id, Owner);
        }
        catch (StoreException)
        {
        }
    }

    /// <inheritdoc />
    public void Dispose() => _renewal.Dispose();

    private void Renew()
    {
        try
        {
            _queue.Renew(Owner, _lease);
        }
        catch (StoreException)
        {
            // The next renewal may get through; if none does, the lease expires and storing the run tells.
        }
    }
}
