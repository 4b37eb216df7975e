using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Solvers;

/// <summary>How focused local search picks the variable to flip in a violated clause.</summary>
public enum WalkSatHeuristic
{
    /// <summary>
    /// probSAT (Balint and Schöning 2012): variable v with probability ∝ f(break(v)); f(b) = (ε + b)^(−c_b) for 3-SAT,
    /// c_b^(−b) for longer clauses.
    /// </summary>
    ProbSat,

    /// <summary>
    /// WalkSAT/SKC (Selman, Kautz and Cohen 1994): a variable with break 0 if there is one, else a random one with
    /// probability <see cref="WalkSatOptions.Noise"/>, else one of least break.
    /// </summary>
    Skc,
}

/// <summary>Options for <see cref="WalkSat"/>.</summary>
public sealed record WalkSatOptions
{
    /// <summary>The flip rule.</summary>
    public WalkSatHeuristic Heuristic { get; init; } = WalkSatHeuristic.ProbSat;

    /// <summary>
    /// probSAT's c_b; null picks the value tuned for the clause length of the formula (2.38 polynomial for K ≤ 3;
    /// exponential 3.0, 3.7, 5.1, 5.4 for K = 4, 5, 6, ≥ 7).
    /// </summary>
    public double? Cb { get; init; }

    /// <summary>probSAT's ε in the polynomial rule.</summary>
    public double Epsilon { get; init; } = 1.0;

    /// <summary>SKC's random-walk probability (0.567 is the value often quoted for random 3-SAT).</summary>
    public double Noise { get; init; } = 0.567;

    /// <summary>Sweeps (N flips each) before restarting from a fresh random assignment; null never restarts.</summary>
    public long? SweepsPerTry { get; init; }

    /// <summary>Iteration (sweep of N flips) and time budgets.</summary>
    public SolverLimits Limits { get; init; } = new();

    /// <summary>Throws for options that cannot run.</summary>
    public void Validate()
    {
        if (Cb is double cb && !(cb > 0 && double.IsFinite(cb))) throw new ArgumentOutOfRangeException(nameof(Cb), cb, "must be a positive number");
        if (!(Epsilon > 0 && double.IsFinite(Epsilon))) throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "must be a positive number");
        if (!(Noise >= 0 && Noise <= 1)) throw new ArgumentOutOfRangeException(nameof(Noise), Noise, "must be in [0, 1]");
        if (SweepsPerTry is < 1) throw new ArgumentOutOfRangeException(nameof(SweepsPerTry), SweepsPerTry, "must be at least 1");
        Limits.Validate();
    }
}

/// <summary>
/// Focused local search for K-SAT (ALGORITHMS.md §3.8), the classical baseline: pick a violated clause at random and
/// flip one of its variables, chosen by how many satisfied clauses the flip would break. One iteration is a sweep of
/// N flips.
/// </summary>
public sealed class WalkSat : ISolver<KSat>
{
    private readonly WalkSatOptions _options;

    /// <summary>Creates the solver; the options are validated here.</summary>
    public WalkSat(WalkSatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public string Name => "walksat";

    /// <inheritdoc />
    public SolveResult Solve(KSat problem, Rng rng, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(rng);
        var monitor = new RunMonitor(_options.Limits, progress, cancellationToken);
        int n = problem.N;
        KSatFlipState state = problem.CreateSatState(SpinVector.Random(n, rng));
        SpinVector best = state.Configuration.Clone();
        int bestErrors = state.Errors;
        double[] weight = BreakWeights(problem);
        Span<int> candidates = stackalloc int[MaxClauseLength(problem)];
        long sweepsThisTry = 0;
        StopReason? stop = bestErrors == 0 ? monitor.Tick(0, "walk") : null;
        while (stop is null)
        {
            for (int f = 0; f < n && state.ViolatedCount > 0; f++)
            {
                ReadOnlySpan<int> clause = problem.Clause(state.ViolatedClause(rng.NextInt(state.ViolatedCount)));
                state.Flip(_options.Heuristic == WalkSatHeuristic.ProbSat
                    ? PickProbSat(clause, state, weight, rng)
                    : PickSkc(clause, state, candidates, rng));
                if (state.Errors < bestErrors)
                {
                    bestErrors = state.Errors;
                    best.CopyFrom(state.Configuration);
                }
            }
            stop = monitor.Tick(bestErrors == 0 ? 0 : state.Errors, "walk");
            if (stop is null && ++sweepsThisTry == _options.SweepsPerTry)
            {
                monitor.Restarts++;
                sweepsThisTry = 0;
                state.Reset(SpinVector.Random(n, rng));
            }
        }
        return new SolveResult(best, problem.Errors(best), monitor.Iterations, monitor.Restarts, monitor.Elapsed, stop.Value, monitor.Trace);
    }

    private static int PickProbSat(ReadOnlySpan<int> clause, KSatFlipState state, double[] weight, Rng rng)
    {
        double total = 0;
        foreach (int literal in clause) total += weight[Math.Min(state.Break(Math.Abs(literal) - 1), weight.Length - 1)];
        double u = rng.NextDouble() * total;
        foreach (int literal in clause)
        {
            int v = Math.Abs(literal) - 1;
            u -= weight[Math.Min(state.Break(v), weight.Length - 1)];
            if (u < 0) return v;
        }
        // Round-off can leave u a hair above zero after the last term.
        return Math.Abs(clause[^1]) - 1;
    }

    private int PickSkc(ReadOnlySpan<int> clause, KSatFlipState state, Span<int> candidates, Rng rng)
    {
        int least = int.MaxValue, count = 0;
        foreach (int literal in clause)
        {
            int v = Math.Abs(literal) - 1, b = state.Break(v);
            if (b < least)
            {
                least = b;
                count = 0;
            }
            if (b == least) candidates[count++] = v;
        }
        // A free move (break 0) is always taken; otherwise walk with probability Noise.
        if (least > 0 && rng.NextDouble() < _options.Noise) return Math.Abs(clause[rng.NextInt(clause.Length)]) - 1;
        return candidates[rng.NextInt(count)];
    }

    /// <summary>f(b) tabulated for every break count a variable can have (its number of occurrences at most).</summary>
    private double[] BreakWeights(KSat problem)
    {
        int k = MaxClauseLength(problem);
        int maxBreak = 0;
        ReadOnlySpan<int> starts = problem.OccurrenceStarts;
        for (int v = 0; v < problem.N; v++) maxBreak = Math.Max(maxBreak, starts[v + 1] - starts[v]);
        bool polynomial = k <= 3;
        double cb = _options.Cb ?? k switch { <= 3 => 2.38, 4 => 3.0, 5 => 3.7, 6 => 5.1, _ => 5.4 };
        var weight = new double[maxBreak + 1];
        for (int b = 0; b <= maxBreak; b++) weight[b] = polynomial ? Math.Pow(_options.Epsilon + b, -cb) : Math.Pow(cb, -b);
        return weight;
    }

    private static int MaxClauseLength(KSat problem)
    {
        int k = 0;
        for (int c = 0; c < problem.M; c++) k = Math.Max(k, problem.Clause(c).Length);
        return k;
    }
}
