using LocalEntropy.MessagePassing;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Cli.Commands;

/// <summary>What the command line may override in a solver's defaults.</summary>
internal sealed record SolverChoice(
    string Algorithm, SolverLimits Limits, MoveEnergy? Energy = null, int? Replicas = null, int Chains = 1, int Threads = 1,
    string? Protocol = null);

/// <summary>Maps algorithm names to configured solvers; every other setting keeps the library default.</summary>
internal static class SolverCatalog
{
    public static readonly string[] Names = ["sa", "rmc", "rsgd", "fbp", "bp-r", "edmc"];

    public static readonly string[] Protocols = ["pseudo-reinforcement", "standard-reinforcement", "scoping"];

    /// <summary>
    /// The solver for <paramref name="choice"/>, run as <see cref="ParallelChains{TProblem}"/>: chain 0 of a
    /// multi-chain run follows the same trajectory as a single-chain run with the same seed.
    /// </summary>
    public static ISolver<TProblem> Create<TProblem>(SolverChoice choice)
        where TProblem : class, IFlipProblem
    {
        Func<SolverLimits, ISolver<TProblem>> chain;
        switch (choice.Algorithm)
        {
            case "sa":
                SimulatedAnnealingOptions sa = WithEnergy(new SimulatedAnnealingOptions(), choice);
                chain = limits => new SimulatedAnnealing(sa with { Limits = limits });
                break;
            case "rmc":
                ReplicatedMonteCarloOptions rmc = WithReplicas(new ReplicatedMonteCarloOptions(), choice);
                chain = limits => new ReplicatedMonteCarlo(rmc with { Limits = limits });
                break;
            case "rsgd":
                if (choice.Energy is not null)
                    throw new UsageException("--energy and --margin apply to sa and rmc only (rsgd learns from misclassified patterns)");
                if (typeof(TProblem) != typeof(Perceptron))
                    throw new UsageException("rsgd is implemented for the perceptron only; use sa, rmc or fbp for the committee machine");
                var rsgd = new ReplicatedSgdOptions { Replicas = choice.Replicas ?? 7 };
                chain = limits => (ISolver<TProblem>)(object)new ReplicatedSgd(rsgd with { Limits = limits });
                break;
            case "fbp":
            case "bp-r":
                if (choice.Energy is not null || choice.Replicas is not null)
                    throw new UsageException("--energy, --margin and --replicas do not apply to message passing (fbp, bp-r)");
                FocusingProtocol protocol = ProtocolFor(choice);
                BeliefPropagationOptions bp = FocusingBeliefPropagationOptions.DefaultBp(committee: typeof(TProblem) == typeof(CommitteeMachine)) with { Threads = BpThreads(choice) };
                // FocusingBeliefPropagation solves both the perceptron and the committee machine.
                chain = limits => (ISolver<TProblem>)(object)new FocusingBeliefPropagation(new FocusingBeliefPropagationOptions { Protocol = protocol, Bp = bp, Limits = limits });
                break;
            case "edmc":
                if (choice.Energy is not null || choice.Replicas is not null || choice.Protocol is not null)
                    throw new UsageException("--energy, --margin, --replicas and --protocol do not apply to edmc");
                var edmc = new EntropyDrivenMonteCarloOptions();
                edmc = edmc with { Bp = edmc.Bp with { Threads = BpThreads(choice) }, InitialBp = edmc.InitialBp with { Threads = BpThreads(choice) } };
                // EntropyDrivenMonteCarlo solves both the perceptron and the committee machine.
                chain = limits => (ISolver<TProblem>)(object)new EntropyDrivenMonteCarlo(edmc with { Limits = limits });
                break;
            default:
                throw new UsageException($"unknown algorithm '{choice.Algorithm}'; choose one of {string.Join(", ", Names)}");
        }
        // Validates the options now, so bad values surface before any work starts.
        _ = chain(choice.Limits);
        return new ParallelChains<TProblem>(chain, choice.Limits, choice.Chains, choice.Threads);
    }

    /// <summary>Threads inside each chain's BP sweeps: the cores left to each of the chains that run at once.</summary>
    private static int BpThreads(SolverChoice choice) => Math.Max(1, choice.Threads / Math.Min(choice.Chains, choice.Threads));

    private static FocusingProtocol ProtocolFor(SolverChoice choice)
    {
        if (choice.Algorithm == "bp-r")
        {
            return choice.Protocol is null or "standard-reinforcement"
                ? new FocusingProtocol.StandardReinforcement()
                : throw new UsageException("bp-r is reinforced BP; choose --protocol with -a fbp");
        }
        return choice.Protocol switch
        {
            null or "pseudo-reinforcement" => new FocusingProtocol.PseudoReinforcement(),
            "standard-reinforcement" => new FocusingProtocol.StandardReinforcement(),
            "scoping" => new FocusingProtocol.Scoping(),
            _ => throw new UsageException($"unknown protocol '{choice.Protocol}'; choose one of {string.Join(", ", Protocols)}"),
        };
    }

    /// <summary>
    /// <paramref name="choice"/> with the defaults that depend on the problem filled in: the committee machine supports
    /// the error-count move energy only. Create the solver and describe it from the result.
    /// </summary>
    public static SolverChoice ForProblem<TProblem>(SolverChoice choice) =>
        typeof(TProblem) == typeof(CommitteeMachine) && choice.Energy is null && choice.Algorithm is "sa" or "rmc"
            ? choice with { Energy = MoveEnergy.Errors }
            : choice;

    /// <summary>Describes the move energy the solver will use (for reports).</summary>
    public static string EnergyDescription(SolverChoice choice) => choice.Algorithm switch
    {
        "sa" => (choice.Energy ?? new SimulatedAnnealingOptions().Energy).ToString(),
        "rmc" => (choice.Energy ?? new ReplicatedMonteCarloOptions().Energy).ToString(),
        "rsgd" => "perceptron rule",
        "edmc" => "Bethe local free entropy",
        _ => "belief propagation",
    };

    private static SimulatedAnnealingOptions WithEnergy(SimulatedAnnealingOptions o, SolverChoice c)
    {
        if (c.Replicas is not null) throw new UsageException("--replicas applies to rmc and rsgd only");
        return c.Energy is null ? o : o with { Energy = c.Energy };
    }

    private static ReplicatedMonteCarloOptions WithReplicas(ReplicatedMonteCarloOptions o, SolverChoice c)
    {
        if (c.Energy is not null) o = o with { Energy = c.Energy };
        return c.Replicas is int y ? o with { Replicas = y } : o;
    }
}
