using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Solvers;

/// <summary>
/// Options for <see cref="SimulatedAnnealing"/>. Defaults are the baseline settings measured at N = 1001
/// (ALGORITHMS.md §3, "Settings measured to work"): hinge with margin 4, β 0.02 → 2 over 3000 sweeps, restarts ×1.5.
/// </summary>
public sealed record SimulatedAnnealingOptions
{
    /// <summary>Energy for move acceptance; errors are tracked regardless.</summary>
    public MoveEnergy Energy { get; init; } = MoveEnergy.Hinge(4);

    /// <summary>Inverse temperature over one run (per unit of move energy).</summary>
    public Ramp Beta { get; init; } = Ramp.Geometric(0.02, 2.0);

    /// <summary>Length of the first run in sweeps (one sweep = N proposals).</summary>
    public int SweepsPerRun { get; init; } = 3000;

    /// <summary>Each restart from a random configuration lengthens the schedule by this factor.</summary>
    public double RestartGrowth { get; init; } = 1.5;

    /// <summary>Iteration (sweep) and time budgets.</summary>
    public SolverLimits Limits { get; init; } = new();

    /// <summary>Throws for options that cannot run.</summary>
    public void Validate()
    {
        Energy.Validate();
        Beta.Validate(nameof(Beta));
        if (SweepsPerRun < 1) throw new ArgumentOutOfRangeException(nameof(SweepsPerRun), SweepsPerRun, "must be at least 1");
        if (!(RestartGrowth >= 1)) throw new ArgumentOutOfRangeException(nameof(RestartGrowth), RestartGrowth, "must be >= 1");
        Limits.Validate();
    }
}

/// <summary>
/// Simulated annealing: single-site Metropolis on one configuration with β ramped up (ALGORITHMS.md §3.1): spin flips
/// on ±1 problems, one-level moves on multi-level weights (a weight j drawn uniformly, then a direction that stays in
/// [−1, 1], with the Hastings correction of <see cref="LevelProposal"/>). The baseline that gets trapped: it cannot see the dense
/// regions that the replicated algorithms are drawn to.
/// </summary>
public sealed class SimulatedAnnealing : ISolver<IFlipProblem>, ISolver<LevelPerceptron>
{
    private readonly SimulatedAnnealingOptions _options;

    /// <summary>Creates the solver; the options are validated here.</summary>
    public SimulatedAnnealing(SimulatedAnnealingOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public string Name => "sa";

    /// <inheritdoc />
    public SolveResult Solve(IFlipProblem problem, Rng rng, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var monitor = new RunMonitor(_options.Limits, progress, cancellationToken);
        var moves = new FlipMoves(problem.CreateState(SpinVector.Random(problem.Size, rng), _options.Energy));
        StopReason stop = Anneal(moves, rng, monitor);
        return new SolveResult(moves.Best, problem.Errors(moves.Best), monitor.Iterations, monitor.Restarts, monitor.Elapsed, stop, monitor.Trace);
    }

    /// <inheritdoc />
    public SolveResult Solve(LevelPerceptron problem, Rng rng, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var monitor = new RunMonitor(_options.Limits, progress, cancellationToken);
        var moves = new LevelMoves(problem.CreateState(LevelWeights.Random(problem.Size, problem.Levels, rng), _options.Energy));
        StopReason stop = Anneal(moves, rng, monitor);
        return SolveResult.ForLevels(moves.Best, problem.Errors(moves.Best), monitor.Iterations, monitor.Restarts, monitor.Elapsed, stop, monitor.Trace);
    }

    private StopReason Anneal<TMoves>(TMoves moves, Rng rng, RunMonitor monitor)
        where TMoves : struct, ISiteMoves
    {
        int n = moves.Sites;
        int bestErrors = moves.Errors;
        var table = new MetropolisTable();
        double runLength = _options.SweepsPerRun;
        StopReason? stop = null;
        while (stop is null)
        {
            int sweeps = (int)Math.Min(int.MaxValue, Math.Round(runLength));
            if (moves.Errors < bestErrors)
            {
                bestErrors = moves.Errors;
                moves.KeepBest();
            }
            for (int s = 0; s < sweeps && stop is null; s++)
            {
                if (bestErrors == 0)
                {
                    stop = monitor.Tick(0, "anneal");
                    break;
                }
                table.SetBeta(_options.Beta.At(sweeps == 1 ? 1 : (double)s / (sweeps - 1)));
                for (int k = 0; k < n; k++)
                {
                    if (!Step(moves, table, rng)) continue;
                    if (moves.Errors < bestErrors)
                    {
                        bestErrors = moves.Errors;
                        moves.KeepBest();
                        if (bestErrors == 0) break;
                    }
                }
                stop = monitor.Tick(bestErrors == 0 ? 0 : moves.Errors, "anneal");
            }
            if (stop is null)
            {
                monitor.Restarts++;
                runLength *= _options.RestartGrowth;
                moves.Restart(rng);
            }
        }
        return stop.Value;
    }

    /// <summary>
    /// One Metropolis–Hastings step at the table's β: propose, accept with min(1, r·exp(−βΔE)) where r is the
    /// proposal ratio (1 for spin flips, so a downhill flip costs no random number); true when the move was made.
    /// </summary>
    internal static bool Step<TMoves>(TMoves moves, MetropolisTable table, Rng rng)
        where TMoves : struct, ISiteMoves
    {
        double r = moves.Propose(rng, out int move, out int d);
        // A draw whenever the move may be refused: exactly the binary rule (draw iff ΔE > 0) when r = 1.
        if ((d > 0 || r < 1) && rng.NextDouble() >= r * table.Factor(d)) return false;
        moves.Apply(move, d);
        return true;
    }
}
