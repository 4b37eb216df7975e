namespace LocalEntropy.Solvers;

/// <summary>Budgets shared by every solver: iterations (the solver's own unit: sweeps, epochs) and wall-clock time.</summary>
public sealed record SolverLimits
{
    /// <summary>Maximum number of iterations over all restarts.</summary>
    public long MaxIterations { get; init; } = 1_000_000;

    /// <summary>Wall-clock limit; null means none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Throws for a non-positive budget.</summary>
    public void Validate()
    {
        if (MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "must be at least 1");
        if (TimeLimit is { } t && t <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(TimeLimit), t, "must be positive");
    }
}
