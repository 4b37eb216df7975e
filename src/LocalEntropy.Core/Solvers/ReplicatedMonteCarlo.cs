using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Solvers;

/// <summary>
/// Options for <see cref="ReplicatedMonteCarlo"/>. Defaults were measured at N = 1001 (ALGORITHMS.md §3,
/// "Settings measured to work"): y = 7 replicas on the hinge with margin 0, β 0.02 → 2 and γ 0.1 → 3 geometric
/// over 2000 sweeps, restarts ×1.5. Fewer replicas (3, 5) are clearly worse at α ≥ 0.7.
/// </summary>
public sealed record ReplicatedMonteCarloOptions
{
    /// <summary>Number of real replicas y.</summary>
    public int Replicas { get; init; } = 7;

    /// <summary>Energy each replica descends; errors are tracked regardless.</summary>
    public MoveEnergy Energy { get; init; } = MoveEnergy.Hinge(0);

    /// <summary>Inverse temperature over one run.</summary>
    public Ramp Beta { get; init; } = Ramp.Geometric(0.02, 2.0);

    /// <summary>Coupling to the centre over one run ("scoping").</summary>
    public Ramp Gamma { get; init; } = Ramp.Geometric(0.1, 3.0);

    /// <summary>Length of the first run in sweeps (one sweep = y·N proposals).</summary>
    public int SweepsPerRun { get; init; } = 2000;

    /// <summary>Each restart from random replicas lengthens the schedule by this factor.</summary>
    public double RestartGrowth { get; init; } = 1.5;

    /// <summary>Iteration (sweep) and time budgets.</summary>
    public SolverLimits Limits { get; init; } = new();

    /// <summary>Throws for options that cannot run.</summary>
    public void Validate()
    {
        if (Replicas < 1) throw new ArgumentOutOfRangeException(nameof(Replicas), Replicas, "needs at least one replica");
        Energy.Validate();
        Beta.Validate(nameof(Beta));
        Gamma.Validate(nameof(Gamma));
        if (SweepsPerRun < 1) throw new ArgumentOutOfRangeException(nameof(SweepsPerRun), SweepsPerRun, "must be at least 1");
        if (!(RestartGrowth >= 1)) throw new ArgumentOutOfRangeException(nameof(RestartGrowth), RestartGrowth, "must be >= 1");
        Limits.Validate();
    }
}

/// <summary>
/// Replicated Monte Carlo on the robust-ensemble energy (ALGORITHMS.md §2, §3.2):
/// H({W^a}) = Σ_a E(W^a) − (1/β) Σ_j log 2cosh(γ S_j), S_j = Σ_a W^a_j. Metropolis on single replica flips; β and γ
/// both grow; the centre sign(S) is checked every sweep and the run stops as soon as it or any replica solves.
/// </summary>
public sealed class ReplicatedMonteCarlo : ISolver<IFlipProblem>
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
        int n = problem.Size, y = _options.Replicas;
        var replicas = new IFlipState[y];
        for (int a = 0; a < y; a++) replicas[a] = problem.CreateState(SpinVector.Random(n, rng), _options.Energy);
        var sums = new int[n];
        var centre = new SpinVector(n);
        SpinVector best = replicas[0].Configuration.Clone();
        int bestErrors = int.MaxValue;
        var table = new MetropolisTable();
        // couplingGain[(S + y) * 2 + (W == +1 ? 1 : 0)] = cosh(γ(S − 2W)) / cosh(γ S): the centre's share of the
        // acceptance ratio for flipping a replica spin W at a site where the replicas sum to S.
        var couplingGain = new double[(2 * y + 1) * 2];
        double runLength = _options.SweepsPerRun;
        StopReason? stop = null;
        RecomputeSums(replicas, sums);
        while (stop is null)
        {
            int sweeps = (int)Math.Min(int.MaxValue, Math.Round(runLength));
            for (int s = 0; s < sweeps && stop is null; s++)
            {
                double t = sweeps == 1 ? 1 : (double)s / (sweeps - 1);
                double beta = _options.Beta.At(t);
                table.SetBeta(beta);
                FillCouplingGain(couplingGain, _options.Gamma.At(t), y);
                int solvedReplica = Array.FindIndex(replicas, r => r.Errors == 0);
                if (solvedReplica < 0) solvedReplica = Sweep(replicas, sums, table, couplingGain, rng);
                int errors;
                if (solvedReplica >= 0)
                {
                    errors = 0;
                    best.CopyFrom(replicas[solvedReplica].Configuration);
                    bestErrors = 0;
                }
                else
                {
                    errors = TrackBest(problem, replicas, sums, centre, best, ref bestErrors);
                }
                stop = monitor.Tick(errors, "anneal");
            }
            if (stop is null)
            {
                monitor.Restarts++;
                runLength *= _options.RestartGrowth;
                foreach (IFlipState r in replicas) r.Reset(SpinVector.Random(n, rng));
                RecomputeSums(replicas, sums);
            }
        }
        return new SolveResult(best, problem.Errors(best), monitor.Iterations, monitor.Restarts, monitor.Elapsed, stop.Value, monitor.Trace);
    }

    /// <summary>One sweep of y·N proposals; returns the index of a replica that reached zero errors, or −1.</summary>
    private static int Sweep(IFlipState[] replicas, int[] sums, MetropolisTable table, double[] couplingGain, Rng rng)
    {
        int y = replicas.Length;
        int n = sums.Length;
        long proposals = (long)y * n;
        for (long k = 0; k < proposals; k++)
        {
            int a = rng.NextInt(y);
            int j = rng.NextInt(n);
            IFlipState r = replicas[a];
            int w = r.Configuration[j];
            double gain = couplingGain[(sums[j] + y) * 2 + (w > 0 ? 1 : 0)];
            int d = r.DeltaEnergy(j);
            // Accept with min(1, exp(−βΔE)·gain); for ΔE < 0 the energy factor exceeds one.
            double ratio = d >= 0 ? table.Accept(d) * gain : gain * Math.Exp(-table.BetaValue * d);
            if (ratio < 1 && rng.NextDouble() >= ratio) continue;
            r.Flip(j);
            sums[j] -= 2 * w;
            if (r.Errors == 0) return a;
        }
        return -1;
    }

    private static void FillCouplingGain(double[] gain, double gamma, int y)
    {
        for (int s = -y; s <= y; s++)
        {
            double here = LogCosh(gamma * s);
            gain[(s + y) * 2 + 1] = Math.Exp(LogCosh(gamma * (s - 2)) - here);
            gain[(s + y) * 2] = Math.Exp(LogCosh(gamma * (s + 2)) - here);
        }
    }

    /// <summary>log cosh x without overflow.</summary>
    private static double LogCosh(double x)
    {
        x = Math.Abs(x);
        return x + Math.Log(0.5 * (1 + Math.Exp(-2 * x)));
    }

    private static void RecomputeSums(IFlipState[] replicas, int[] sums)
    {
        Array.Clear(sums);
        foreach (IFlipState r in replicas)
        {
            SpinVector w = r.Configuration;
            for (int j = 0; j < sums.Length; j++) sums[j] += w[j];
        }
    }

    /// <summary>Updates the centre sign(S) (ties keep the previous value) and the best configuration; returns the lowest error count.</summary>
    private static int TrackBest(IFlipProblem problem, IFlipState[] replicas, int[] sums, SpinVector centre, SpinVector best, ref int bestErrors)
    {
        for (int j = 0; j < sums.Length; j++)
        {
            if (sums[j] != 0) centre[j] = sums[j] > 0 ? 1 : -1;
        }
        int lowest = problem.Errors(centre);
        SpinVector lowestConfig = centre;
        foreach (IFlipState r in replicas)
        {
            if (r.Errors < lowest)
            {
                lowest = r.Errors;
                lowestConfig = r.Configuration;
            }
        }
        if (lowest < bestErrors)
        {
            bestErrors = lowest;
            best.CopyFrom(lowestConfig);
        }
        return lowest;
    }
}
