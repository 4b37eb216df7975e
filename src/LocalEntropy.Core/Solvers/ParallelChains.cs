using LocalEntropy.Numerics;

namespace LocalEntropy.Solvers;

/// <summary>
/// Runs several independent chains of a solver (chain k draws from <c>rng.Fork(k)</c>) on up to
/// <paramref name="threads"/> threads and keeps the chain that solves first in iterations (ties: lowest index).
/// Chains stop as soon as they pass the earliest solving iteration found so far, so the winner, its configuration
/// and its iteration count depend only on the seed and the number of chains, never on the thread count or on
/// scheduling (unless a wall-clock limit cuts the run). When no chain solves, the one with fewest errors is returned.
/// </summary>
/// <typeparam name="TProblem">The problem type the solver accepts.</typeparam>
public sealed class ParallelChains<TProblem>(
    Func<SolverLimits, ISolver<TProblem>> createChain,
    SolverLimits limits,
    int chains,
    int threads) : ISolver<TProblem>
{
    /// <inheritdoc />
    public string Name { get; } = createChain(limits).Name;

    /// <summary>Number of chains.</summary>
    public int Chains { get; } = chains >= 1 ? chains : throw new ArgumentOutOfRangeException(nameof(chains), chains, "needs at least one chain");

    /// <inheritdoc />
    public SolveResult Solve(TProblem problem, Rng rng, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        limits.Validate();
        if (Chains == 1) return createChain(limits).Solve(problem, rng.Fork(0), progress, cancellationToken);
        var start = System.Diagnostics.Stopwatch.StartNew();
        var cap = new SharedIterationCap();
        var chainLimits = limits with { SharedCap = cap };
        var results = new SolveResult[Chains];
        Parallel.For(0, Chains, new ParallelOptions { MaxDegreeOfParallelism = threads }, k =>
        {
            // Only chain 0 reports progress, so the display follows one trajectory.
            results[k] = createChain(chainLimits).Solve(problem, rng.Fork((ulong)k), k == 0 ? progress : null, cancellationToken);
        });
        SolveResult best = results
            .Select((r, k) => (r, k))
            .OrderBy(x => x.r.Solved ? 0 : 1)
            .ThenBy(x => x.r.Solved ? x.r.Iterations : x.r.Errors)
            .ThenBy(x => x.k)
            .First().r;
        StopReason reason = best.Solved ? StopReason.Solved
            : results.Any(r => r.StopReason == StopReason.Cancelled) ? StopReason.Cancelled
            : best.StopReason;
        return best with { Elapsed = start.Elapsed, StopReason = reason };
    }
}
