using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Solvers;

/// <summary>
/// Options for <see cref="ReplicatedSgd"/>. Defaults were measured on the random binary perceptron at N = 1001
/// (starting from ALGORITHMS.md §3, "Settings measured to work"): y = 7, batch 80, coupling λ = 1.5, γ from 0.05
/// growing by 3·10⁻⁴ per epoch, fresh weights after 4000 epochs, and η = 1 rather than the reference η = 2:
/// with the stronger coupling relative to the data step, α = 0.75 goes from 2/9 to 16/20 instances solved in 30 s
/// (docs/performance.md). The committee-machine reference values λ = 0.75, γ step 10⁻³ fail to couple the
/// replicas at α = 0.7 for this N. Above N = 1001 the batch grows as √N (see <see cref="BatchSize"/>) so that the schedule
/// holds at other sizes.
/// </summary>
public sealed record ReplicatedSgdOptions
{
    /// <summary>Number of replicas y.</summary>
    public int Replicas { get; init; } = 7;

    /// <summary>
    /// Patterns per mini-batch; null (the default) takes <see cref="SizeAwareBatch"/>. An epoch couples the replicas
    /// P/B times while its data steps on a weight add up to a drift of order √P, so a fixed B would make the
    /// coupling outgrow the data as N grows (at α = 0.7, N = 4001 the N = 1001 schedule needed five times the
    /// epochs); B ∝ √N keeps their ratio.
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>Step η along x^μ for each misclassified pattern of a batch.</summary>
    public double LearningRate { get; init; } = 1.0;

    /// <summary>A pattern takes a step when its integer field W^a·x^μ is at most this (0: only misclassified patterns).</summary>
    public int Margin { get; init; }

    /// <summary>Coupling strength λ in H^a_j += λ (tanh(γ S_j) − W^a_j).</summary>
    public double Coupling { get; init; } = 1.5;

    /// <summary>γ at the first epoch of a run.</summary>
    public double GammaStart { get; init; } = 0.05;

    /// <summary>Added to γ after every epoch.</summary>
    public double GammaStep { get; init; } = 3e-4;

    /// <summary>
    /// Multi-level weights only: hidden weights are clipped to [−B, B] in units of the largest weight after every
    /// update, which leaves the extreme levels some inertia (B = 1 would leave none: with L = 1 the replicas then
    /// fail even at α = 0.65).
    /// </summary>
    public double HiddenBound { get; init; } = 4.0;

    /// <summary>
    /// Multi-level weights only: η and λ are multiplied by this factor, so that a single mistake does not move a
    /// weight across a level (the spacing is 2 in numerator units) — see docs/algorithms.md for the probes behind
    /// B = 4 and this 0.25.
    /// </summary>
    public double LevelStep { get; init; } = 0.25;

    /// <summary>Epochs before the replicas restart from fresh weights.</summary>
    public int EpochsPerRun { get; init; } = 4000;

    /// <summary>Iteration (epoch) and time budgets.</summary>
    public SolverLimits Limits { get; init; } = new();

    /// <summary>
    /// The reference settings for committee machines (ALGORITHMS.md §3.3): λ = 0.75, γ growing by 10⁻³ per epoch,
    /// η = 2, with a fixed batch of 80; they solve N = 321, K = 5 at α = 0.5 in a few hundred epochs.
    /// </summary>
    public static ReplicatedSgdOptions Committee => new() { Coupling = 0.75, GammaStep = 1e-3, LearningRate = 2, BatchSize = 80 };

    /// <summary>The batch for N weights: <see cref="BatchSize"/> when set, else <see cref="SizeAwareBatch"/>.</summary>
    public int BatchFor(int n) => BatchSize ?? SizeAwareBatch(n);

    /// <summary>
    /// 80 patterns up to N = 1001 (where the defaults were measured), 80·√(N/1001) above. Below, an epoch holds only a
    /// few batches, so the rule's premise (many coupling steps per epoch) does not hold, and a smaller batch would
    /// only split the last one unevenly (N = 27, P = 14: 13 + 1 patterns instead of one batch).
    /// </summary>
    public static int SizeAwareBatch(int n) => Math.Max(80, (int)Math.Round(80 * Math.Sqrt(n / 1001.0)));

    /// <summary>Throws for options that cannot run.</summary>
    public void Validate()
    {
        if (Replicas < 1) throw new ArgumentOutOfRangeException(nameof(Replicas), Replicas, "needs at least one replica");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be at least 1");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive");
        if (!(Coupling >= 0) || !double.IsFinite(Coupling))
            throw new ArgumentOutOfRangeException(nameof(Coupling), Coupling, "must be >= 0");
        if (!(GammaStart >= 0) || !double.IsFinite(GammaStart))
            throw new ArgumentOutOfRangeException(nameof(GammaStart), GammaStart, "must be >= 0");
        if (!(GammaStep >= 0) || !double.IsFinite(GammaStep))
            throw new ArgumentOutOfRangeException(nameof(GammaStep), GammaStep, "must be >= 0");
        if (Margin < 0) throw new ArgumentOutOfRangeException(nameof(Margin), Margin, "must be >= 0");
        if (!(HiddenBound > 0)) throw new ArgumentOutOfRangeException(nameof(HiddenBound), HiddenBound, "must be positive");
        if (!(LevelStep > 0) || !double.IsFinite(LevelStep)) throw new ArgumentOutOfRangeException(nameof(LevelStep), LevelStep, "must be positive");
        if (EpochsPerRun < 1) throw new ArgumentOutOfRangeException(nameof(EpochsPerRun), EpochsPerRun, "must be at least 1");
        Limits.Validate();
    }
}

/// <summary>
/// Replicated SGD for binary weights (ALGORITHMS.md §3.3). Each replica a keeps continuous hidden weights H^a and
/// plays W^a = sign(H^a). Per mini-batch every replica moves H^a along x^μ for its misclassified patterns (a committee
/// moves the fewest units of wrong sign, smallest |field| first, that can turn its vote); then the
/// attractive coupling H^a_j += λ (tanh(γ S_j) − W^a_j), S_j = Σ_b W^b_j, pulls the replicas towards their centre.
/// γ grows each epoch, so the replicas collapse into a dense region of solutions. On multi-level weights the hidden
/// weights are clipped and quantised to the nearest level, and the coupling pulls towards the mean level under the
/// centre's weights (see <see cref="LevelSgdState"/>).
/// </summary>
public sealed class ReplicatedSgd : ISolver<Perceptron>, ISolver<CommitteeMachine>, ISolver<LevelPerceptron>
{
    private readonly ReplicatedSgdOptions _options;

    /// <summary>Creates the solver; the options are validated here.</summary>
    public ReplicatedSgd(ReplicatedSgdOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public string Name => "rsgd";

    /// <inheritdoc />
    public SolveResult Solve(Perceptron problem, Rng rng, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(problem, new PerceptronRule(problem), rng, progress, cancellationToken);

    /// <inheritdoc />
    /// <remarks>The committee rule updates only misclassified patterns: <see cref="ReplicatedSgdOptions.Margin"/> must be 0.</remarks>
    public SolveResult Solve(CommitteeMachine problem, Rng rng, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (_options.Margin != 0) throw new ArgumentException("the committee rule has no margin: set Margin = 0", nameof(problem));
        return Run(problem, new CommitteeRule(problem), rng, progress, cancellationToken);
    }

    /// <inheritdoc />
    public SolveResult Solve(LevelPerceptron problem, Rng rng, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var monitor = new RunMonitor(_options.Limits, progress, cancellationToken);
        var best = new LevelWeights(problem.Size, problem.Levels);
        var steps = _options with { LearningRate = _options.LearningRate * _options.LevelStep, Coupling = _options.Coupling * _options.LevelStep };
        StopReason stop = new ReplicatedSgd(steps).Train(
            new LevelSgdState(problem, _options.Replicas, _options.HiddenBound), problem.Constraints, _options.BatchFor(problem.Size), best, (to, from) => to.CopyFrom(from), rng, monitor);
        return SolveResult.ForLevels(best, problem.Errors(best), monitor.Iterations, monitor.Restarts, monitor.Elapsed, stop, monitor.Trace);
    }

    private SolveResult Run(IEnergyProblem<SpinVector> problem, ILearningRule rule, Rng rng, IProgress<SolveProgress>? progress, CancellationToken cancellationToken)
    {
        var monitor = new RunMonitor(_options.Limits, progress, cancellationToken);
        SpinVector best = new(problem.Size);
        StopReason stop = Train(new ReplicatedSgdState(rule, _options.Replicas), problem.Constraints, _options.BatchFor(problem.Size), best, (to, from) => to.CopyFrom(from), rng, monitor);
        return new SolveResult(best, problem.Errors(best), monitor.Iterations, monitor.Restarts, monitor.Elapsed, stop, monitor.Trace);
    }

    /// <summary>Epochs until solved or a limit; the best configuration seen is copied into <paramref name="best"/>.</summary>
    private StopReason Train<TConfig>(IReplicaSystem<TConfig> system, int p, int batch, TConfig best, Action<TConfig, TConfig> copy, Rng rng, RunMonitor monitor)
    {
        int y = _options.Replicas;
        var order = new int[y][];
        for (int a = 0; a < y; a++) order[a] = Enumerable.Range(0, p).ToArray();
        var replicaRngs = Enumerable.Range(0, y).Select(a => rng.Fork((ulong)a)).ToArray();
        int bestErrors = int.MaxValue;
        StopReason? stop = null;
        system.Start(rng);
        int epochInRun = 0;
        float eta = (float)_options.LearningRate;
        while (stop is null)
        {
            // A fresh start can already be a solution on tiny instances.
            if (epochInRun == 0 && system.LowestErrors(out TConfig initial) == 0)
            {
                copy(best, initial);
                stop = monitor.Tick(0, "start") ?? StopReason.Solved;
                break;
            }
            double gamma = _options.GammaStart + _options.GammaStep * epochInRun;
            system.SetGamma(gamma, (float)_options.Coupling);
            for (int a = 0; a < y; a++) replicaRngs[a].Shuffle(order[a].AsSpan());
            for (int start = 0; start < p; start += batch)
            {
                int count = Math.Min(batch, p - start);
                for (int a = 0; a < y; a++) system.Step(a, order[a].AsSpan(start, count), eta, _options.Margin);
                system.Couple();
            }
            int errors = system.LowestErrors(out TConfig lowest);
            if (errors < bestErrors)
            {
                bestErrors = errors;
                copy(best, lowest);
            }
            stop = monitor.Tick(errors, $"γ={gamma:F3}");
            if (stop is null && ++epochInRun >= _options.EpochsPerRun)
            {
                monitor.Restarts++;
                epochInRun = 0;
                system.Start(rng);
            }
        }
        return stop.Value;
    }
}
