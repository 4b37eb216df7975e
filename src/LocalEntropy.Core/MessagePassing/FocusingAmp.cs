using LocalEntropy.Numerics;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.MessagePassing;

/// <summary>Options of <see cref="FocusingAmp"/>.</summary>
public sealed record FocusingAmpOptions
{
    /// <summary>
    /// The (γ, y) schedule: standard reinforcement with ρ from 0 to 0.998 in steps of 0.002 (500 steps), the setting
    /// of ALGORITHMS.md §3.9 (N = 2001, α = 0.6 and 0.7, and N = 10001, α = 0.6 solved in 330–380 iterations).
    /// </summary>
    public FocusingProtocol Protocol { get; init; } = new FocusingProtocol.StandardReinforcement(0, 0.002, 0.998);

    /// <summary>AMP iterations per protocol step (fewer once converged).</summary>
    public int IterationsPerStep { get; init; } = 1;

    /// <summary>A step ends early once no marginal moves by more than this.</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>Fraction of the old marginal kept at each iteration.</summary>
    public double Damping { get; init; } = 0.5;

    /// <summary>Scale of the random initial marginals (uniform in [−scale, scale]); they break the symmetry W → −W.</summary>
    public double InitialNoise { get; init; } = 0.1;

    /// <summary>
    /// Runs of the protocol at most, each from fresh random marginals; run r spends r times
    /// <see cref="IterationsPerStep"/> per step (a slower focusing), as in focusing BP.
    /// </summary>
    public int MaxRuns { get; init; } = 10;

    /// <summary>Threads that share the two pattern products of each iteration; the result does not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Iteration and time budgets over the whole run.</summary>
    public SolverLimits Limits { get; init; } = new();

    /// <summary>Throws for options that cannot run.</summary>
    public void Validate()
    {
        _ = Protocol.Steps();
        Limits.Validate();
        if (IterationsPerStep < 1) throw new ArgumentOutOfRangeException(nameof(IterationsPerStep), IterationsPerStep, "must be at least 1");
        if (!(Tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "must be positive");
        if (!(Damping >= 0 && Damping < 1)) throw new ArgumentOutOfRangeException(nameof(Damping), Damping, "must be in [0, 1)");
        if (!(InitialNoise >= 0) || !double.IsFinite(InitialNoise))
            throw new ArgumentOutOfRangeException(nameof(InitialNoise), InitialNoise, "must be finite and >= 0");
        if (MaxRuns < 1) throw new ArgumentOutOfRangeException(nameof(MaxRuns), MaxRuns, "must be at least 1");
        if (Threads < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "must be at least 1");
    }
}

/// <summary>
/// Focusing AMP (ALGORITHMS.md §3.9): <see cref="PerceptronAmp"/> driven by the focusing protocols of focusing BP,
/// for perceptrons too large for BP's dense messages. Its state is O(N + P) beside the packed patterns and their
/// transposed copy (2·N·P bits: 1.5 GB at N = 10⁵, α = 0.6), against 25 bytes per pattern entry for dense BP.
/// </summary>
public sealed class FocusingAmp : ISolver<Perceptron>
{
    /// <summary>Bytes per pattern entry of <see cref="PerceptronBeliefPropagation"/>: message, its tanh, the sign as a double and as a byte.</summary>
    public const int DenseBpBytesPerEntry = 25;

    /// <summary>Above this many bytes of dense BP messages (N·P·<see cref="DenseBpBytesPerEntry"/>), perceptrons are better served by focusing AMP.</summary>
    public const long DenseBpByteLimit = 1L << 30;

    private readonly FocusingAmpOptions _options;

    /// <summary>Creates the solver; the options are validated here.</summary>
    public FocusingAmp(FocusingAmpOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public string Name => "famp";

    /// <summary>The memory dense BP would take on an N × P perceptron.</summary>
    public static long DenseBpBytes(int n, int p) => (long)n * p * DenseBpBytesPerEntry;

    /// <inheritdoc />
    public SolveResult Solve(Perceptron problem, Rng rng, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var amp = new PerceptronAmp(problem, _options.Threads);
        return FocusingRun.Run(problem, new Focusable(amp, _options.Damping), problem.N, _options.Protocol, _options.MaxRuns, _options.IterationsPerStep,
                               _options.Tolerance, _options.InitialNoise, _options.Limits, rng, progress, cancellationToken);
    }

    private sealed class Focusable(PerceptronAmp amp, double damping) : IFocusable
    {
        public void Randomize(Rng rng, double scale) => amp.Randomize(rng, scale);

        public double Iterate(FocusingStep step) => amp.Iterate(damping, step);

        public SpinVector Decision() => amp.Decision();
    }
}
