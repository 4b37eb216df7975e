using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.MessagePassing;

/// <summary>Options of <see cref="EntropyDrivenMonteCarlo"/>.</summary>
public sealed record EntropyDrivenMonteCarloOptions
{
    /// <summary>Coupling γ of the field γ W̃_j that ties the solutions counted by BP to the reference (scoping).</summary>
    public Ramp Gamma { get; init; } = Ramp.Geometric(0.5, 4);

    /// <summary>Inverse temperature y of the walk on W̃: a move is accepted with probability min(1, e^{y ΔΦ}).</summary>
    public Ramp Y { get; init; } = Ramp.Geometric(1, 100);

    /// <summary>
    /// Length of the first run of the schedules, in sweeps of N proposals; a run that ends unsolved restarts from a
    /// fresh random reference with a schedule 1.5 times longer.
    /// </summary>
    public double SweepsPerRun { get; init; } = 4;

    /// <summary>Proposals between updates of γ (each update costs one BP sweep and a free-entropy evaluation).</summary>
    public int GammaInterval { get; init; } = 16;

    /// <summary>BP after each proposal, warm-started from the current messages; MaxIterations is the sweep budget.</summary>
    public BeliefPropagationOptions Bp { get; init; } = new() { Tolerance = 1e-3, MaxIterations = 1 };

    /// <summary>BP before the first proposal of a run.</summary>
    public BeliefPropagationOptions InitialBp { get; init; } = new() { Tolerance = 1e-4, MaxIterations = 200, Damping = 0.3 };

    /// <summary>Proposal (iteration) and time budgets over all runs.</summary>
    public SolverLimits Limits { get; init; } = new();

    /// <summary>Throws for options that cannot run.</summary>
    public void Validate()
    {
        Gamma.Validate(nameof(Gamma));
        Y.Validate(nameof(Y));
        if (Gamma.Start < 0 || Gamma.End < 0) throw new ArgumentOutOfRangeException(nameof(Gamma), "γ must be >= 0");
        if (Y.Start < 0 || Y.End < 0) throw new ArgumentOutOfRangeException(nameof(Y), "y must be >= 0");
        if (!(SweepsPerRun > 0) || !double.IsFinite(SweepsPerRun))
            throw new ArgumentOutOfRangeException(nameof(SweepsPerRun), SweepsPerRun, "must be positive");
        if (GammaInterval < 1) throw new ArgumentOutOfRangeException(nameof(GammaInterval), GammaInterval, "must be at least 1");
        Bp.Validate();
        InitialBp.Validate();
        Limits.Validate();
    }
}

/// <summary>
/// Entropy-driven Monte Carlo, EdMC (ALGORITHMS.md §3.7): a Metropolis walk on a reference configuration W̃ whose
/// energy is −Φ(W̃, γ), the Bethe free entropy of the problem with the external field γ W̃_j, i.e. the log-count of
/// the solutions around W̃ weighted by their overlap. Each proposal flips one W̃_j and re-estimates Φ with a few BP
/// sweeps warm-started from the current messages (Φ is stationary at the fixed point, so its error is second order
/// in the residual of the messages); a rejected move puts the messages back. y (inverse temperature on W̃) and γ
/// (scoping) grow over a run; the run stops as soon as W̃ itself is a solution.
/// </summary>
public sealed class EntropyDrivenMonteCarlo : ISolver<Perceptron>, ISolver<CommitteeMachine>, ISolver<KSat>
{
    private readonly EntropyDrivenMonteCarloOptions _options;

    /// <summary>Creates the solver; the options are validated here.</summary>
    public EntropyDrivenMonteCarlo(EntropyDrivenMonteCarloOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public string Name => "edmc";

    /// <inheritdoc />
    public SolveResult Solve(Perceptron problem, Rng rng, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(problem, new PerceptronBeliefPropagation(problem), rng, progress, cancellationToken);

    /// <inheritdoc />
    public SolveResult Solve(CommitteeMachine problem, Rng rng, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(problem, new CommitteeBeliefPropagation(problem), rng, progress, cancellationToken);

    /// <inheritdoc />
    public SolveResult Solve(KSat problem, Rng rng, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(problem, new KSatBeliefPropagation(problem), rng, progress, cancellationToken);

    private SolveResult Run(IEnergyProblem<SpinVector> problem, ILocalFreeEntropy bp, Rng rng, IProgress<SolveProgress>? progress, CancellationToken cancellationToken)
    {
        var monitor = new RunMonitor(_options.Limits, progress, cancellationToken);
        int n = bp.N;
        var reference = new SpinVector(n);
        var best = new SpinVector(n);
        int bestErrors = int.MaxValue;
        double sweepsPerRun = _options.SweepsPerRun;
        StopReason? stop = null;
        for (int run = 0; stop is null; run++, sweepsPerRun *= 1.5)
        {
            long proposalsPerRun = Math.Max(1, (long)Math.Round(sweepsPerRun * n));
            monitor.Restarts = run;
            for (int j = 0; j < n; j++) reference[j] = rng.NextBool() ? 1 : -1;
            bp.Reset();
            double gamma = _options.Gamma.At(0);
            SetFields(bp, reference, gamma);
            Settle(bp, _options.InitialBp);
            double phi = bp.FreeEntropy();
            int errors = problem.Errors(reference);
            long accepted = 0;
            for (long t = 0; t < proposalsPerRun && stop is null; t++)
            {
                double fraction = (double)t / proposalsPerRun;
                // γ moves in small steps, so one warm-started sweep lets BP follow it.
                if (t % _options.GammaInterval == 0 && t > 0)
                {
                    gamma = _options.Gamma.At(fraction);
                    SetFields(bp, reference, gamma);
                    Settle(bp, _options.Bp);
                    phi = bp.FreeEntropy();
                }
                double y = _options.Y.At(fraction);
                int flip = rng.NextInt(n);
                bp.Checkpoint();
                reference[flip] = -reference[flip];
                bp.SetExternalField(flip, gamma * reference[flip]);
                Settle(bp, _options.Bp);
                double trial = bp.FreeEntropy();
                double delta = trial - phi;
                if (double.IsFinite(trial) && (delta >= 0 || rng.NextDouble() < Math.Exp(y * delta)))
                {
                    phi = trial;
                    errors = problem.Errors(reference);
                    accepted++;
                }
                else
                {
                    reference[flip] = -reference[flip];
                    bp.Rollback();
                }
                if (errors < bestErrors)
                {
                    bestErrors = errors;
                    best.CopyFrom(reference);
                }
                stop = monitor.Tick(errors, FormattableString.Invariant(
                    $"run {run + 1} γ={gamma:G3} y={y:G3} accepted {accepted * 100.0 / (t + 1):F0}%"));
            }
        }
        return new SolveResult(best, problem.Errors(best), monitor.Iterations, monitor.Restarts, monitor.Elapsed, stop.Value, monitor.Trace);
    }

    private static void SetFields(ILocalFreeEntropy bp, SpinVector reference, double gamma)
    {
        for (int j = 0; j < bp.N; j++) bp.SetExternalField(j, gamma * reference[j]);
    }

    /// <summary>Sweeps until converged or out of sweeps.</summary>
    private static void Settle(ILocalFreeEntropy bp, BeliefPropagationOptions options)
    {
        for (int it = 0; it < options.MaxIterations; it++)
        {
            if (bp.Sweep(options) < options.Tolerance) return;
        }
    }
}
