using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Solvers;

/// <summary>
/// Options for <see cref="ReplicatedMonteCarlo"/>. Defaults were measured at N = 1001 (ALGORITHMS.md §3,
/// "Settings measured to work"): y = 7 replicas on the hinge (margin 2 on the binary perceptron), β 0.02 → 2 and
/// γ 0.1 → 3 geometric over 2000 sweeps, restarts ×1.5. Fewer replicas (3, 5) are clearly worse at α ≥ 0.7. On the
/// binary perceptron β is rescaled with the size, restarts lengthened above N = 2002 and nearly solved runs reheated (see
/// <see cref="BetaReferenceSize"/>, <see cref="RestartReferenceSize"/> and <see cref="ReheatTo"/>).
/// </summary>
public sealed record ReplicatedMonteCarloOptions
{
    /// <summary>Number of real replicas y.</summary>
    public int Replicas { get; init; } = 7;

    /// <summary>
    /// Energy each replica descends; errors are tracked regardless and the run stops on zero errors. Null (the default)
    /// takes <see cref="PerceptronEnergy"/> on the binary perceptron and the hinge with margin 0 on other problems.
    /// </summary>
    public MoveEnergy? Energy { get; init; }

    /// <summary>
    /// The binary perceptron's default energy: the hinge with margin k = 2 on the integer field W·x, so a replica also
    /// pays for the patterns it classifies right by the smallest field. At N = 1001 (60 s, CLI defaults) it solved 13
    /// of 20 instances at α = 0.75 against 10 with margin 0, and 10 of 10 at α = 0.7 within 8 s against 9
    /// (docs/performance.md, "Solver reach at N = 1001").
    /// </summary>
    public static MoveEnergy PerceptronEnergy { get; } = MoveEnergy.Hinge(2);

    /// <summary>The energy the replicas descend on <paramref name="problem"/>: <see cref="Energy"/>, or the default for its kind.</summary>
    public MoveEnergy EnergyFor(object problem) => Energy ?? (problem is Perceptron ? PerceptronEnergy : MoveEnergy.Hinge(0));

    /// <summary>Inverse temperature over one run (at <see cref="BetaReferenceSize"/> on the binary perceptron).</summary>
    public Ramp Beta { get; init; } = Ramp.Geometric(0.02, 2.0);

    /// <summary>
    /// The size at which <see cref="Beta"/> holds on the binary perceptron; at N weights the whole ramp is multiplied
    /// by √(BetaReferenceSize/N). Fields are integers of order √N and the patterns near the boundary number ∝ √N, so
    /// a flip's hinge change grows as √N: a fixed β runs ever colder against the coupling as N grows (the N = 1001
    /// schedule solved α = 0.6 within one run at N = 4001 and never at N = 8001). Null keeps β as given. Other
    /// problems (K-SAT, committee, multi-level weights) take β as given.
    /// </summary>
    public int? BetaReferenceSize { get; init; } = 1001;

    /// <summary>Coupling to the centre over one run ("scoping").</summary>
    public Ramp Gamma { get; init; } = Ramp.Geometric(0.1, 3.0);

    /// <summary>Length of the first run in sweeps (one sweep = y·N proposals).</summary>
    public int SweepsPerRun { get; init; } = 2000;

    /// <summary>
    /// On the binary perceptron above this size, every restarted run lasts at least
    /// SweepsPerRun·N/RestartReferenceSize sweeps. At α = 0.7 the schedule solves near the end of its run, and the run
    /// it needs alone grows about linearly with N (2000 sweeps at N = 1001, 8000 at N = 4001, 20 000 at N = 10001), so
    /// ×1.5 restarts from scratch throw away run after run before reaching it. With <see cref="ReheatTo"/> a run of
    /// half that length (≈ N sweeps) is enough: it ends a few errors short and the reheats finish it. The first run
    /// keeps SweepsPerRun, which mostly solves easier loads at once (α = 0.6 up to N = 8001). Null restarts by
    /// RestartGrowth alone; other problems ignore it.
    /// </summary>
    public int? RestartReferenceSize { get; init; } = 2002;

    /// <summary>Each restart from random replicas lengthens the schedule by this factor.</summary>
    public double RestartGrowth { get; init; } = 1.5;

    /// <summary>
    /// On the binary perceptron, a run that ends within <see cref="ReheatErrors"/> errors is not thrown away: its
    /// replicas are kept and the schedule resumes at this fraction of the run (β and γ back to their values there),
    /// for the remaining (1 − ReheatTo) of the run's length; a reheat counts as a restart. The last errors of a
    /// run that solves near its end are fixed by re-annealing the end of the schedule more often than by starting
    /// over (docs/algorithms.md).
    /// Null restarts every unsolved run from random replicas; other problems ignore it.
    /// </summary>
    public double? ReheatTo { get; init; } = 0.75;

    /// <summary>Reheats in a row before the next restart from random replicas.</summary>
    public int Reheats { get; init; } = 5;

    /// <summary>A run is reheated only when its last sweep left at most this many errors.</summary>
    public int ReheatErrors { get; init; } = 10;

    /// <summary>Iteration (sweep) and time budgets.</summary>
    public SolverLimits Limits { get; init; } = new();

    /// <summary>Throws for options that cannot run.</summary>
    public void Validate()
    {
        if (Replicas < 1) throw new ArgumentOutOfRangeException(nameof(Replicas), Replicas, "needs at least one replica");
        Energy?.Validate();
        Beta.Validate(nameof(Beta));
        Gamma.Validate(nameof(Gamma));
        if (SweepsPerRun < 1) throw new ArgumentOutOfRangeException(nameof(SweepsPerRun), SweepsPerRun, "must be at least 1");
        if (BetaReferenceSize < 1) throw new ArgumentOutOfRangeException(nameof(BetaReferenceSize), BetaReferenceSize, "must be at least 1");
        if (RestartReferenceSize < 1) throw new ArgumentOutOfRangeException(nameof(RestartReferenceSize), RestartReferenceSize, "must be at least 1");
        if (!(RestartGrowth >= 1)) throw new ArgumentOutOfRangeException(nameof(RestartGrowth), RestartGrowth, "must be >= 1");
        if (ReheatTo is double to && !(to >= 0 && to < 1)) throw new ArgumentOutOfRangeException(nameof(ReheatTo), to, "must be in [0, 1)");
        if (Reheats < 0) throw new ArgumentOutOfRangeException(nameof(Reheats), Reheats, "must be at least 0");
        if (ReheatErrors < 1) throw new ArgumentOutOfRangeException(nameof(ReheatErrors), ReheatErrors, "must be at least 1");
        Limits.Validate();
    }
}

/// <summary>
/// Replicated Monte Carlo on the robust-ensemble energy (ALGORITHMS.md §2, §3.2):
/// H({W^a}) = Σ_a E(W^a) − (1/β) Σ_j log 2cosh(γ S_j), S_j = Σ_a W^a_j. Metropolis on single replica flips; β and γ
/// both grow; the centre sign(S) is checked every sweep and the run stops as soon as it or any replica solves.
/// On multi-level weights the moves are one-level moves and the centre is summed over the level set,
/// log 2cosh(γS) → log Σ_v exp(γ v S) (see <see cref="LevelCentre"/>); the centre read out is the level nearest to
/// the replicas' mean.
/// </summary>
public sealed class ReplicatedMonteCarlo : ISolver<IFlipProblem>, ISolver<LevelPerceptron>
{
    private readonly ReplicatedMonteCarloOptions _options;

    /// <summary>Creates the solver; the options are validated here.</summary>
    public ReplicatedMonteCarlo(ReplicatedMonteCarloOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public string Name => "rmc";

    /// <inheritdoc />
    public SolveResult Solve(IFlipProblem problem, Rng rng, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var monitor = new RunMonitor(_options.Limits, progress, cancellationToken);
        var replicas = new IFlipState[_options.Replicas];
        MoveEnergy energy = _options.EnergyFor(problem);
        for (int a = 0; a < replicas.Length; a++) replicas[a] = problem.CreateState(SpinVector.Random(problem.Size, rng), energy);
        var set = new FlipReplicas(problem, replicas);
        bool perceptron = problem is Perceptron;
        var rules = perceptron ? new PerceptronRules(BetaScale(problem.Size), RestartFloor(problem.Size), _options.ReheatTo) : PerceptronRules.None;
        StopReason stop = Run(set, rules, rng, monitor);
        return new SolveResult(set.Best, problem.Errors(set.Best), monitor.Iterations, monitor.Restarts, monitor.Elapsed, stop, monitor.Trace);
    }

    /// <inheritdoc />
    public SolveResult Solve(LevelPerceptron problem, Rng rng, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var monitor = new RunMonitor(_options.Limits, progress, cancellationToken);
        var replicas = new ILevelState[_options.Replicas];
        MoveEnergy energy = _options.EnergyFor(problem);
        for (int a = 0; a < replicas.Length; a++)
            replicas[a] = problem.CreateState(LevelWeights.Random(problem.Size, problem.Levels, rng), energy);
        var set = new LevelReplicas(problem, replicas);
        StopReason stop = Run(set, PerceptronRules.None, rng, monitor);
        return SolveResult.ForLevels(set.Best, problem.Errors(set.Best), monitor.Iterations, monitor.Restarts, monitor.Elapsed, stop, monitor.Trace);
    }

    /// <summary>The factor on β for a binary perceptron of <paramref name="n"/> weights: √(reference/N), or 1 without a reference.</summary>
    public double BetaScale(int n) => _options.BetaReferenceSize is int reference ? Math.Sqrt((double)reference / n) : 1;

    /// <summary>
    /// The least length in sweeps of a restarted run on a binary perceptron of <paramref name="n"/> weights:
    /// SweepsPerRun·N/reference above the reference size, else 0 (restarts grow by RestartGrowth alone).
    /// </summary>
    public double RestartFloor(int n) =>
        _options.RestartReferenceSize is int reference && n > reference ? (double)_options.SweepsPerRun * n / reference : 0;

    /// <summary>
    /// The binary perceptron's rules: the factor on β, the least length of a restarted run, and where a nearly solved
    /// run resumes its schedule (null: never).
    /// </summary>
    private readonly record struct PerceptronRules(double BetaScale, double RestartFloor, double? ReheatTo)
    {
        public static PerceptronRules None => new(1, 0, null);
    }

    private StopReason Run<TSet>(TSet set, PerceptronRules rules, Rng rng, RunMonitor monitor)
        where TSet : struct, IReplicaMoves
    {
        int n = set.Sites, y = _options.Replicas;
        var sums = new int[n];
        int bestErrors = int.MaxValue;
        var table = new MetropolisTable();
        // The centre's share of the acceptance ratio, by the sum S of the replicas at the site and the direction.
        var couplingGain = new double[(2 * y * set.Levels + 1) * 2];
        double runLength = _options.SweepsPerRun;
        // A run covers the schedule from `from` to 1: 0 after a restart, ReheatTo after a reheat.
        double from = 0;
        int reheats = 0, errors = int.MaxValue;
        StopReason? stop = null;
        set.Sum(sums);
        while (stop is null)
        {
            int sweeps = (int)Math.Clamp(Math.Round(runLength * (1 - from)), 1, int.MaxValue);
            for (int s = 0; s < sweeps && stop is null; s++)
            {
                double t = from + (1 - from) * (sweeps == 1 ? 1 : (double)s / (sweeps - 1));
                double beta = rules.BetaScale * _options.Beta.At(t);
                table.SetBeta(beta);
                LevelCentre.FillGain(couplingGain, _options.Gamma.At(t), y, set.Levels);
                int solvedReplica = -1;
                for (int a = 0; a < y && solvedReplica < 0; a++)
                {
                    if (set.Errors(a) == 0) solvedReplica = a;
                }
                if (solvedReplica < 0) solvedReplica = Sweep(set, sums, table, couplingGain, rng);
                if (solvedReplica >= 0)
                {
                    errors = 0;
                    set.KeepBest(solvedReplica);
                    bestErrors = 0;
                }
                else
                {
                    errors = TrackBest(set, sums, ref bestErrors);
                }
                stop = monitor.Tick(errors, "anneal");
            }
            if (stop is not null) break;
            monitor.Restarts++;
            if (rules.ReheatTo is double to && errors <= _options.ReheatErrors && reheats < _options.Reheats)
            {
                reheats++;
                from = to;
            }
            else
            {
                reheats = 0;
                from = 0;
                runLength = Math.Max(runLength * _options.RestartGrowth, rules.RestartFloor);
                set.Restart(rng);
                set.Sum(sums);
            }
        }
        return stop.Value;
    }

    /// <summary>One sweep of y·N proposals; returns the index of a replica that reached zero errors, or −1.</summary>
    private static int Sweep<TSet>(TSet set, int[] sums, MetropolisTable table, double[] couplingGain, Rng rng)
        where TSet : struct, IReplicaMoves
    {
        long proposals = (long)set.Replicas * sums.Length;
        for (long k = 0; k < proposals; k++)
        {
            int a = Step(set, sums, table, couplingGain, rng);
            if (a >= 0 && set.Errors(a) == 0) return a;
        }
        return -1;
    }

    /// <summary>
    /// One Metropolis–Hastings proposal on the replicated energy at the table's β and the gains' γ: accepted with
    /// min(1, r·exp(−βΔE)·gain), r the proposal ratio (1 for spin flips). Returns the replica that moved, or −1.
    /// </summary>
    internal static int Step<TSet>(TSet set, int[] sums, MetropolisTable table, double[] couplingGain, Rng rng)
        where TSet : struct, IReplicaMoves
    {
        int a = rng.NextInt(set.Replicas);
        double r = set.Propose(a, rng, out int j, out bool up);
        double gain = couplingGain[(sums[j] + set.Replicas * set.Levels) * 2 + (up ? 0 : 1)];
        int d = set.DeltaEnergy(a, j, up);
        // For ΔE < 0 the energy factor exceeds one.
        double ratio = table.Factor(d) * gain * r;
        if (ratio < 1 && rng.NextDouble() >= ratio) return -1;
        set.Move(a, j, up, d);
        sums[j] += up ? 2 : -2;
        return a;
    }

    /// <summary>Updates the centre and the best configuration; returns the lowest error count among the centre and the replicas.</summary>
    private static int TrackBest<TSet>(TSet set, int[] sums, ref int bestErrors)
        where TSet : struct, IReplicaMoves
    {
        set.UpdateCentre(sums);
        int lowest = set.CentreErrors();
        int which = -1;
        for (int a = 0; a < set.Replicas; a++)
        {
            if (set.Errors(a) < lowest)
            {
                lowest = set.Errors(a);
                which = a;
            }
        }
        if (lowest < bestErrors)
        {
            bestErrors = lowest;
            set.KeepBest(which);
        }
        return lowest;
    }
}
