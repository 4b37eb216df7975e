using LocalEntropy.Experiments;
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
    public static readonly string[] Names = ["sa", "rmc", "rsgd", "fbp", "bp-r", "edmc"];

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

    /// <summary>The default wall-clock budget: EdMC runs one BP sweep per proposal and needs a few N proposals.</summary>
    public static double DefaultSeconds(string algorithm) => algorithm == "edmc" ? 300 : 60;

    /// <summary>The budgets of --max-seconds and --max-iterations (none when absent).</summary>
    public static SolverLimits Limits(double seconds, long? iterations) =>
        new() { TimeLimit = TimeSpan.FromSeconds(seconds), MaxIterations = iterations ?? long.MaxValue };

    /// <summary>
    /// The effective options of <paramref name="choice"/>: the library defaults for the problem, the shortcuts, then
    /// the settings, validated. A setting the algorithm has no property for is an error, or collected in
    /// <paramref name="unknown"/> when given.
    /// </summary>
    public static SolverSetup Configure(SolverChoice choice, bool committee, ICollection<Setting>? unknown = null)
    {
        object defaults = choice.Algorithm switch
        {
            "sa" => SimulatedAnnealing(choice, committee),
            "rmc" => ReplicatedMonteCarlo(choice, committee),
            "rsgd" => ReplicatedSgd(choice, committee),
            "fbp" or "bp-r" => FocusingBp(choice, committee),
            "edmc" => EntropyDriven(choice),
            _ => throw new UsageException($"unknown algorithm '{choice.Algorithm}'; choose one of {string.Join(", ", Names)}"),
        };
        return new SolverSetup(choice.Algorithm, OptionsBinder.Apply(defaults, choice.Settings, choice.Algorithm, unknown), choice.Chains, choice.Threads);
    }

    /// <summary>
    /// The solver of <paramref name="setup"/>, run as <see cref="ParallelChains{TProblem}"/>: chain 0 of a
    /// multi-chain run follows the same trajectory as a single-chain run with the same seed.
    /// </summary>
    public static ISolver<TProblem> Create<TProblem>(SolverSetup setup)
        where TProblem : class, IFlipProblem
    {
        ParallelChains<TProblem> Chains(Func<SolverLimits, ISolver<TProblem>> chain, SolverLimits limits) =>
            new(chain, limits, setup.Chains, setup.Threads);
        return setup.Options switch
        {
            SimulatedAnnealingOptions o => Chains(l => new SimulatedAnnealing(o with { Limits = l }), o.Limits),
            ReplicatedMonteCarloOptions o => Chains(l => new ReplicatedMonteCarlo(o with { Limits = l }), o.Limits),
            ReplicatedSgdOptions o => Chains(l => (ISolver<TProblem>)(object)new ReplicatedSgd(o with { Limits = l }), o.Limits),
            // Focusing BP and EdMC solve both the perceptron and the committee machine.
            FocusingBeliefPropagationOptions o => Chains(l => (ISolver<TProblem>)(object)new FocusingBeliefPropagation(o with { Limits = l }), o.Limits),
            EntropyDrivenMonteCarloOptions o => Chains(l => (ISolver<TProblem>)(object)new EntropyDrivenMonteCarlo(o with { Limits = l }), o.Limits),
            var o => throw new ArgumentException($"no solver takes {o.GetType().Name}", nameof(setup)),
        };
    }

    /// <summary>Describes the move energy the solver will use (for reports).</summary>
    public static string EnergyDescription(object options) => options switch
    {
        SimulatedAnnealingOptions o => o.Energy.ToString(),
        ReplicatedMonteCarloOptions o => o.Energy.ToString(),
        ReplicatedSgdOptions => "perceptron rule",
        EntropyDrivenMonteCarloOptions => "Bethe local free entropy",
        _ => "belief propagation",
    };

    private static SimulatedAnnealingOptions SimulatedAnnealing(SolverChoice c, bool committee)
    {
        if (c.Replicas is not null) throw new UsageException("--replicas applies to rmc and rsgd only");
        var o = new SimulatedAnnealingOptions { Limits = c.Limits };
        return EnergyFor(c, committee) is { } energy ? o with { Energy = energy } : o;
    }

    private static ReplicatedMonteCarloOptions ReplicatedMonteCarlo(SolverChoice c, bool committee)
    {
        var o = new ReplicatedMonteCarloOptions { Limits = c.Limits };
        if (EnergyFor(c, committee) is { } energy) o = o with { Energy = energy };
        return c.Replicas is int y ? o with { Replicas = y } : o;
    }

    /// <summary>The committee machine supports the error-count move energy only.</summary>
    private static MoveEnergy? EnergyFor(SolverChoice c, bool committee) => c.Energy ?? (committee ? MoveEnergy.Errors : null);

    private static ReplicatedSgdOptions ReplicatedSgd(SolverChoice c, bool committee)
    {
        if (c.Energy is not null)
            throw new UsageException("--energy and --margin apply to sa and rmc only (rsgd learns from misclassified patterns)");
        if (committee) throw new UsageException("rsgd is implemented for the perceptron only; use sa, rmc or fbp for the committee machine");
        var o = new ReplicatedSgdOptions { Limits = c.Limits };
        return c.Replicas is int y ? o with { Replicas = y } : o;
    }

    private static FocusingBeliefPropagationOptions FocusingBp(SolverChoice c, bool committee)
    {
        if (c.Energy is not null || c.Replicas is not null)
            throw new UsageException("--energy, --margin and --replicas do not apply to message passing (fbp, bp-r)");
        return new FocusingBeliefPropagationOptions
        {
            Protocol = ProtocolFor(c),
            Bp = FocusingBeliefPropagationOptions.DefaultBp(committee) with { Threads = BpThreads(c) },
            Limits = c.Limits,
        };
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
