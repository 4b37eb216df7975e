namespace LocalEntropy.Solvers;

/// <summary>Budgets shared by every solver: iterations (the solver's own unit: sweeps, epochs) and wall-clock time.</summary>
public sealed record SolverLimits
{
    /// <summary>Maximum number of iterations over all restarts.</summary>
    public long MaxIterations { get; init; } = 1_000_000;

    /// <summary>Wall-clock limit; null means none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>
    /// An iteration cap shared by parallel chains (see <see cref="ParallelChains{TProblem}"/>): a chain stops once
    /// it has run as many iterations as the earliest solution found by any chain so far.
    /// </summary>
    internal SharedIterationCap? SharedCap { get; init; }

    /// <summary>Throws for a non-positive budget.</summary>
    public void Validate()
    {
        if (MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "must be at least 1");
        if (TimeLimit is { } t && t <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(TimeLimit), t, "must be positive");
    }
}

/// <summary>The lowest iteration at which any of several chains has solved; only ever decreases.</summary>
internal sealed class SharedIterationCap
{
    private long _value = long.MaxValue;

    public long Value => Interlocked.Read(ref _value);

    public void Lower(long iteration)
    {
        long current = Value;
        while (iteration < current)
        {
            long seen = Interlocked.CompareExchange(ref _value, iteration, current);
            if (seen == current) return;
            current = seen;
        }
    }
}
