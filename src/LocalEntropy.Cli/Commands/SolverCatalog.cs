using System.Globalization;
using LocalEntropy.Experiments;
using LocalEntropy.Numerics;
using LocalEntropy.MessagePassing;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// What the command line chose for a solver: the algorithm, the shortcuts of `lent solve` (--energy, --replicas,
/// --protocol), how its chains run, and the settings (--options, --set, --grid) applied after the shortcuts.
/// </summary>
internal sealed record SolverChoice(
    string Algorithm, SolverLimits Limits, MoveEnergy? Energy = null, int? Replicas = null, int Chains = 1, int Threads = 1,
    string? Protocol = null)
{
    public IReadOnlyList<Setting> Settings { get; init; } = [];
}

/// <summary>A configured solver: its algorithm, its full effective options record and how its chains run.</summary>
internal sealed record SolverSetup(string Algorithm, object Options, int Chains, int Threads)
{
    public string OptionsJson => Experiments.OptionsJson.Canonical(Options);
}

/// <summary>Maps algorithm names to options records and configured solvers; every setting not given keeps the library default.</summary>
internal static class SolverCatalog
{
    public static readonly string[] Names = ["sa", "rmc", "rsgd", "fbp", "bp-r", "famp", "edmc", "walksat"];

    public static IReadOnlyList<string> Protocols => FocusingProtocol.Names;

    /// <summary>The algorithms of a comma-separated --algorithms list, in order; an empty or unknown name is a usage error.</summary>
    public static string[] ParseNames(string text)
    {
        string[] names = text.Split(',', StringSplitOptions.TrimEntries);
        foreach (string a in names)
        {
            if (a.Length == 0) throw new UsageException($"--algorithms: an empty name in '{text}'");
            if (!Names.Contains(a))
                throw new UsageException($"--algorithms: unknown algorithm '{a}'; choose from {string.Join(", ", Names)}");
        }
        return names;
    }

    /// <summary>
    /// The default wall-clock budget: EdMC runs one BP sweep per proposal and needs a few N proposals; famp is there for
    /// large N, where one run of its protocol takes minutes (N = 10⁵, α = 0.6: about 440 iterations of 1.2 CPU-seconds).
    /// </summary>
    public static double DefaultSeconds(string algorithm) => algorithm switch
    {
        "edmc" => 300,
        "famp" => 900,
        _ => 60,
    };

    /// <summary>The budgets of --max-seconds and --max-iterations (none when absent).</summary>
    public static SolverLimits Limits(double seconds, long? iterations) =>
        new() { TimeLimit = TimeSpan.FromSeconds(seconds), MaxIterations = iterations ?? long.MaxValue };

    /// <summary>
    /// The effective options of <paramref name="choice"/>: the library defaults for the problem, the shortcuts, then
    /// the settings, validated. A setting the algorithm has no property for is an error, or collected in
    /// <paramref name="unknown"/> when given.
    /// </summary>
    public static SolverSetup Configure(SolverChoice choice, ProblemKind problem, ICollection<Setting>? unknown = null)
    {
        object defaults = choice.Algorithm switch
        {
            "sa" => SimulatedAnnealing(choice, problem),
            "rmc" => ReplicatedMonteCarlo(choice, problem),
            "rsgd" => ReplicatedSgd(choice, problem),
            "fbp" or "bp-r" => FocusingBp(choice, problem),
            "famp" => FocusingAmp(choice),
            "edmc" => EntropyDriven(choice),
            "walksat" => WalkSat(choice),
            _ => throw new UsageException($"unknown algorithm '{choice.Algorithm}'; choose one of {string.Join(", ", Names)}"),
        };
        return new SolverSetup(choice.Algorithm, OptionsBinder.Apply(defaults, choice.Settings, choice.Algorithm, unknown), choice.Chains, choice.Threads);
    }

    /// <summary>
    /// The solver of <paramref name="setup"/>, run as <see cref="ParallelChains{TProblem}"/>: chain 0 of a
    /// multi-chain run follows the same trajectory as a single-chain run with the same seed. Which problems a solver
    /// takes follows from the types it implements (<see cref="ISolver{TProblem}"/>); any other pairing is a usage error
    /// that lists the solvers of the problem.
    /// </summary>
    public static ISolver<TProblem> Create<TProblem>(SolverSetup setup)
        where TProblem : class
    {
        ISolver<TProblem> Chain(SolverLimits limits) =>
            Build(setup.Options, limits) as ISolver<TProblem>
            ?? throw new UsageException($"{setup.Algorithm} does not solve {Describe<TProblem>()}; choose one of {string.Join(", ", For<TProblem>())}");
        return new ParallelChains<TProblem>(Chain, Limits(setup.Options), setup.Chains, setup.Threads);
    }

    /// <summary>The algorithms that solve problems of type <typeparamref name="TProblem"/>, by what their solvers implement.</summary>
    public static IReadOnlyList<string> For<TProblem>() =>
        [.. Names.Where(name => Build(Configure(new SolverChoice(name, new SolverLimits()), KindOf<TProblem>()).Options, new SolverLimits()) is ISolver<TProblem>)];

    /// <summary>Throws the usage error of <see cref="Create{TProblem}"/> up front when <paramref name="algorithm"/> does not solve <paramref name="problem"/>.</summary>
    public static void RequireSolves(string algorithm, ProblemKind problem)
    {
        (IReadOnlyList<string> solvers, string what) = problem switch
        {
            ProblemKind.Committee => (For<CommitteeMachine>(), Describe<CommitteeMachine>()),
            ProblemKind.KSat => (For<KSat>(), Describe<KSat>()),
            _ => (For<Perceptron>(), Describe<Perceptron>()),
        };
        if (!solvers.Contains(algorithm)) throw new UsageException($"{algorithm} does not solve {what}; choose one of {string.Join(", ", solvers)}");
    }

    /// <summary>Every problem with the algorithms that solve it, for help texts.</summary>
    public static string Matrix() => string.Join("; ",
        $"perceptron: {string.Join(", ", For<Perceptron>())}",
        $"committee: {string.Join(", ", For<CommitteeMachine>())}",
        $"perceptron --levels: {string.Join(", ", For<LevelPerceptron>())}",
        $"ksat: {string.Join(", ", For<KSat>())}");

    /// <summary>The kind of problem a type is, for the defaults that depend on it.</summary>
    public static ProblemKind KindOf<TProblem>() =>
        typeof(TProblem) == typeof(CommitteeMachine) ? ProblemKind.Committee
        : typeof(TProblem) == typeof(KSat) ? ProblemKind.KSat
        : ProblemKind.Perceptron;

    private static string Describe<TProblem>() => KindOf<TProblem>() switch
    {
        ProblemKind.Committee => "the committee machine",
        ProblemKind.KSat => "K-SAT formulas",
        _ when typeof(TProblem) == typeof(LevelPerceptron) => "multi-level weights (--levels)",
        _ => "the perceptron",
    };

    /// <summary>One chain's solver for an options record (which problems it takes is in its type).</summary>
    private static object Build(object options, SolverLimits limits) => options switch
    {
        SimulatedAnnealingOptions o => new SimulatedAnnealing(o with { Limits = limits }),
        ReplicatedMonteCarloOptions o => new ReplicatedMonteCarlo(o with { Limits = limits }),
        ReplicatedSgdOptions o => new ReplicatedSgd(o with { Limits = limits }),
        FocusingBeliefPropagationOptions o => new FocusingBeliefPropagation(o with { Limits = limits }),
        FocusingAmpOptions o => new FocusingAmp(o with { Limits = limits }),
        EntropyDrivenMonteCarloOptions o => new EntropyDrivenMonteCarlo(o with { Limits = limits }),
        WalkSatOptions o => new WalkSat(o with { Limits = limits }),
        _ => throw new ArgumentException($"no solver takes {options.GetType().Name}", nameof(options)),
    };

    private static SolverLimits Limits(object options) => options switch
    {
        SimulatedAnnealingOptions o => o.Limits,
        ReplicatedMonteCarloOptions o => o.Limits,
        ReplicatedSgdOptions o => o.Limits,
        FocusingBeliefPropagationOptions o => o.Limits,
        FocusingAmpOptions o => o.Limits,
        EntropyDrivenMonteCarloOptions o => o.Limits,
        WalkSatOptions o => o.Limits,
        _ => throw new ArgumentException($"no solver takes {options.GetType().Name}", nameof(options)),
    };

    /// <summary>Describes the move energy the solver will use on <paramref name="problem"/> (for reports).</summary>
    public static string EnergyDescription(object options, object problem) => options switch
    {
        SimulatedAnnealingOptions o => o.Energy.ToString(),
        ReplicatedMonteCarloOptions o => o.EnergyFor(problem).ToString(),
        ReplicatedSgdOptions => "perceptron rule",
        EntropyDrivenMonteCarloOptions => "Bethe local free entropy",
        WalkSatOptions o => $"focused walk ({o.Heuristic})",
        _ => "belief propagation",
    };

    private static SimulatedAnnealingOptions SimulatedAnnealing(SolverChoice c, ProblemKind problem)
    {
        if (c.Replicas is not null) throw new UsageException("--replicas applies to rmc and rsgd only");
        var o = new SimulatedAnnealingOptions { Limits = c.Limits };
        // A clause costs 1: annealing must end colder than on the perceptron's hinge to freeze out the last ones.
        if (problem == ProblemKind.KSat) o = o with { Beta = Ramp.Geometric(0.3, 6) };
        // The committee's hinge counts flips: colder and shorter than the perceptron's (a committee sweep costs K·N moves).
        if (problem == ProblemKind.Committee) o = o with { Beta = Ramp.Geometric(0.3, 6), SweepsPerRun = 300 };
        return EnergyFor(c, problem) is { } energy ? o with { Energy = energy } : o;
    }

    private static ReplicatedMonteCarloOptions ReplicatedMonteCarlo(SolverChoice c, ProblemKind problem)
    {
        var o = new ReplicatedMonteCarloOptions { Limits = c.Limits };
        // Random 3-SAT, N = 1000, α = 3.7–3.9 (docs/results.md): three replicas, a coupling that ends at γ = 1 and a
        // colder end than sa's solved about twice as many formulas as the perceptron's y = 7, γ → 3 at equal time.
        if (problem == ProblemKind.KSat) o = o with { Replicas = 3, Beta = Ramp.Geometric(0.5, 10), Gamma = Ramp.Geometric(0.05, 1) };
        if (problem == ProblemKind.Committee) o = o with { Beta = Ramp.Geometric(0.3, 6), SweepsPerRun = 150 };
        if (EnergyFor(c, problem) is { } energy) o = o with { Energy = energy };
        return c.Replicas is int y ? o with { Replicas = y } : o;
    }

    /// <summary>
    /// The move energy: the committee machine's default is its hinge (the fewest flips that fix each wrong pattern,
    /// no margin); K-SAT supports the clause count only.
    /// </summary>
    private static MoveEnergy? EnergyFor(SolverChoice c, ProblemKind problem)
    {
        if (problem == ProblemKind.Committee && c.Energy is { Margin: not 0 })
            throw new UsageException("--margin: the committee machine's hinge takes no margin");
        if (problem == ProblemKind.KSat && c.Energy is { Kind: MoveEnergyKind.Hinge })
            throw new UsageException("--energy hinge is for the perceptron and the committee machine; K-SAT counts unsatisfied clauses");
        return c.Energy ?? problem switch
        {
            ProblemKind.Committee => MoveEnergy.Hinge(0),
            ProblemKind.KSat => MoveEnergy.Errors,
            _ => null,
        };
    }

    private static ReplicatedSgdOptions ReplicatedSgd(SolverChoice c, ProblemKind problem)
    {
        if (c.Energy is not null)
            throw new UsageException("--energy and --margin apply to sa and rmc only (rsgd learns from misclassified patterns)");
        var o = (problem == ProblemKind.Committee ? Solvers.ReplicatedSgdOptions.Committee : new ReplicatedSgdOptions()) with { Limits = c.Limits };
        return c.Replicas is int y ? o with { Replicas = y } : o;
    }

    private static FocusingBeliefPropagationOptions FocusingBp(SolverChoice c, ProblemKind problem)
    {
        if (c.Energy is not null || c.Replicas is not null)
            throw new UsageException("--energy, --margin and --replicas do not apply to message passing (fbp, bp-r, famp)");
        return new FocusingBeliefPropagationOptions
        {
            Protocol = ProtocolFor(c),
            Bp = FocusingBeliefPropagationOptions.DefaultBp(committee: problem == ProblemKind.Committee) with { Threads = BpThreads(c) },
            Limits = c.Limits,
        };
    }

    /// <summary>Focusing AMP: its own standard-reinforcement schedule (ρ step 0.002) unless --protocol names another protocol.</summary>
    private static FocusingAmpOptions FocusingAmp(SolverChoice c)
    {
        if (c.Energy is not null || c.Replicas is not null)
            throw new UsageException("--energy, --margin and --replicas do not apply to message passing (fbp, bp-r, famp)");
        var o = new FocusingAmpOptions { Threads = BpThreads(c), Limits = c.Limits };
        return c.Protocol is null or "standard-reinforcement" ? o : o with { Protocol = ProtocolFor(c) };
    }

    /// <summary>
    /// The algorithm that runs when <paramref name="algorithm"/> is asked for on an N × P perceptron: fbp and bp-r
    /// switch to famp once dense BP would need more than <see cref="LocalEntropy.MessagePassing.FocusingAmp.DenseBpByteLimit"/>
    /// bytes; null when no switch is needed.
    /// </summary>
    public static string? LargePerceptronSwitch(string algorithm, int n, int p) =>
        algorithm is "fbp" or "bp-r" && LocalEntropy.MessagePassing.FocusingAmp.DenseBpBytes(n, p) > LocalEntropy.MessagePassing.FocusingAmp.DenseBpByteLimit
            ? "famp"
            : null;

    /// <summary>
    /// Refuses fbp and bp-r on a perceptron of N synapses at load α whose dense BP messages would not fit (see
    /// <see cref="LargePerceptronSwitch"/>): where every run's algorithm is stored (sweeps) or compared (generalization),
    /// famp must be asked for by name rather than switched to.
    /// </summary>
    public static void RequireDenseBpFits(string algorithm, int n, double alpha)
    {
        int p = PerceptronGenerator.PatternCount(n, alpha);
        if (LargePerceptronSwitch(algorithm, n, p) is { } large)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"{algorithm} at N = {n}, α = {alpha} would need {LocalEntropy.MessagePassing.FocusingAmp.DenseBpBytes(n, p) / 1e9:F1} GB of dense BP messages; ask for {large} (focusing AMP) by name at this size"));
        }
    }

    private static WalkSatOptions WalkSat(SolverChoice c)
    {
        if (c.Energy is not null || c.Replicas is not null || c.Protocol is not null)
            throw new UsageException("--energy, --margin, --replicas and --protocol do not apply to walksat");
        return new WalkSatOptions { Limits = c.Limits };
    }

    private static EntropyDrivenMonteCarloOptions EntropyDriven(SolverChoice c)
    {
        if (c.Energy is not null || c.Replicas is not null || c.Protocol is not null)
            throw new UsageException("--energy, --margin, --replicas and --protocol do not apply to edmc");
        var o = new EntropyDrivenMonteCarloOptions { Limits = c.Limits };
        return o with { Bp = o.Bp with { Threads = BpThreads(c) }, InitialBp = o.InitialBp with { Threads = BpThreads(c) } };
    }

    /// <summary>Threads inside each chain's BP sweeps: the cores left to each of the chains that run at once.</summary>
    private static int BpThreads(SolverChoice c) => Math.Max(1, c.Threads / Math.Min(c.Chains, c.Threads));

    private static FocusingProtocol ProtocolFor(SolverChoice c)
    {
        if (c.Algorithm == "bp-r")
        {
            return c.Protocol is null or "standard-reinforcement"
                ? new FocusingProtocol.StandardReinforcement()
                : throw new UsageException("bp-r is reinforced BP; choose --protocol with -a fbp");
        }
        return FocusingProtocol.TryParse(c.Protocol ?? "pseudo-reinforcement", null, out FocusingProtocol? p)
            ? p
            : throw new UsageException($"unknown protocol '{c.Protocol}'; choose one of {string.Join(", ", Protocols)}");
    }
}
