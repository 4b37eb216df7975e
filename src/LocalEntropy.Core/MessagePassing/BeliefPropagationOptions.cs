namespace LocalEntropy.MessagePassing;

/// <summary>How a factor computes its outgoing messages from the cavity field Σ_{k≠j} x_k W_k.</summary>
public enum FactorUpdate
{
    /// <summary>Gaussian approximation of the cavity field (ALGORITHMS.md §3.4): O(N) per factor, exact as N → ∞.</summary>
    Gaussian,

    /// <summary>The exact cavity distribution by dynamic programming: O(N³) per factor, for small N and tests.</summary>
    Exact,
}

/// <summary>Options of belief propagation: convergence threshold, sweep budget, damping and factor update.</summary>
public sealed record BeliefPropagationOptions
{
    /// <summary>Largest <see cref="Chunks"/>: one bit per chunk's owner in a mask.</summary>
    public const int MaxChunks = 64;

    /// <summary>Converged when no message u = tanh(g) changed by more than this in a sweep.</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>Maximum number of sweeps over all factors.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Fraction of the old message kept at each update (0 = no damping).</summary>
    public double Damping { get; init; }

    /// <summary>How factor messages are computed.</summary>
    public FactorUpdate Factor { get; init; } = FactorUpdate.Gaussian;

    /// <summary>
    /// Fixed chunks of variables that every factor update is split into (at most one per 256 variables): each chunk
    /// sums its share of the factor's cavity statistics, the shares are added in chunk order, then each chunk stores
    /// its own messages. Updates stay strictly sequential over factors; the result depends on the number of chunks
    /// (by rounding only), never on <see cref="Threads"/>.
    /// </summary>
    public int Chunks { get; init; } = 2;

    /// <summary>
    /// Fixed blocks of factors updated in parallel within a sweep (1 = strictly sequential updates). The result
    /// depends on this number, not on <see cref="Threads"/>. Plain BP reaches the same fixed point either way, but
    /// under focusing or reinforcement the staler fields of more blocks can keep BP from converging (N = 1001,
    /// α = 0.7: fBP solved with 1 block, not with 2), so the default is sequential.
    /// </summary>
    public int Blocks { get; init; } = 1;

    /// <summary>
    /// Threads that share the chunks of each factor update (with one block) or that run the blocks; more threads
    /// than chunks (or blocks) go unused.
    /// </summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws for options that cannot run.</summary>
    public void Validate()
    {
        if (!(Tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "must be positive");
        if (MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "must be at least 1");
        if (Chunks is < 1 or > MaxChunks) throw new ArgumentOutOfRangeException(nameof(Chunks), Chunks, $"must be in [1, {MaxChunks}]");
        if (Blocks < 1) throw new ArgumentOutOfRangeException(nameof(Blocks), Blocks, "must be at least 1");
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "must be at least 1");
        if (!(Damping >= 0 && Damping < 1)) throw new ArgumentOutOfRangeException(nameof(Damping), Damping, "must be in [0, 1)");
    }
}

/// <summary>How a BP run ended.</summary>
/// <param name="Converged">True when the last sweep changed no message by more than the tolerance.</param>
/// <param name="Iterations">Sweeps run.</param>
/// <param name="MaxChange">Largest message change in the last sweep.</param>
public sealed record BeliefPropagationResult(bool Converged, int Iterations, double MaxChange)
{
    /// <summary>
    /// Runs <paramref name="sweep"/> (which returns the largest message change) until the change falls below
    /// <see cref="BeliefPropagationOptions.Tolerance"/> or the sweeps run out.
    /// </summary>
    public static BeliefPropagationResult Iterate(
        BeliefPropagationOptions options, Func<BeliefPropagationOptions, double> sweep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sweep);
        options.Validate();
        double change = double.PositiveInfinity;
        for (int it = 1; it <= options.MaxIterations; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            change = sweep(options);
            if (change < options.Tolerance) return new BeliefPropagationResult(true, it, change);
        }
        return new BeliefPropagationResult(false, options.MaxIterations, change);
    }
}
