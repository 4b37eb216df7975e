namespace LocalEntropy.Experiments;

/// <summary>
/// Planned points shared by workers on many machines, kept by a store beside its runs: a worker claims one point at
/// a time under a lease that it renews while the run goes on; storing the run (<see cref="IRunStore.Add"/>) marks
/// the point done in the same transaction. A point whose lease expires (its worker died) goes back to the queue, and
/// a point once stored is never handed out again. Safe to call from several threads and processes. Throws
/// <see cref="StoreException"/>.
/// </summary>
public interface IQueueStore
{
    /// <summary>Where the queue is, for messages.</summary>
    string Location { get; }

    /// <summary>
    /// Queues the points that are not queued yet, in order (a point already stored goes in as done); returns how many
    /// were added, so planning the same grid twice adds nothing.
    /// </summary>
    int Plan(IReadOnlyList<SweepPoint> points);

    /// <summary>
    /// Claims the first point, of <paramref name="sweep"/> or of any sweep when null, that is queued or whose lease has
    /// expired, and leases it to <paramref name="owner"/> for <paramref name="lease"/> (by the database's clock);
    /// null when there is none to claim.
    /// </summary>
    ClaimedPoint? Claim(string owner, TimeSpan lease, string? sweep);

    /// <summary>Extends every lease that <paramref name="owner"/> holds to <paramref name="lease"/> from now.</summary>
    void Renew(string owner, TimeSpan lease);

    /// <summary>Puts a point that <paramref name="owner"/> holds back in the queue (its run was abandoned).</summary>
    void Release(string sweep, string point, string owner);

    /// <summary>Points of <paramref name="sweep"/> (or of all sweeps) not done yet: queued, or running under a lease.</summary>
    int Pending(string? sweep);
}

/// <summary>A point claimed from a queue: its id, its recipe, and how many times it has been claimed, this time included.</summary>
public sealed record ClaimedPoint(string Id, PointRecipe Recipe, int Attempts);
