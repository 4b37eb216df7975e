using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Cli.Commands;

/// <summary>What the command line may override in a solver's defaults.</summary>
internal sealed record SolverChoice(
    string Algorithm, SolverLimits Limits, MoveEnergy? Energy = null, int? Replicas = null, int Chains = 1, int Threads = 1);

/// <summary>Maps algorithm names to configured solvers; every other setting keeps the library default.</summary>
internal static class SolverCatalog
{
    public static readonly string[] Names = ["sa", "rmc", "rsgd"];

    /// <summary>
    /// The solver for <paramref name="choice"/>, run as <see cref="ParallelChains{TProblem}"/>: chain 0 of a
    /// multi-chain run follows the same trajectory as a single-chain run with the same seed.
    /// </summary>
    public static ISolver<Perceptron> Create(SolverChoice choice)
    {
        Func<SolverLimits, ISolver<Perceptron>> chain;
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
                var rsgd = new ReplicatedSgdOptions { Replicas = choice.Replicas ?? 7 };
                chain = limits => new ReplicatedSgd(rsgd with { Limits = limits });
                break;
            default:
                throw new UsageException($"unknown algorithm '{choice.Algorithm}'; choose one of {string.Join(", ", Names)}");
        }
        // Validates the options now, so bad values surface before any work starts.
        _ = chain(choice.Limits);
        return new ParallelChains<Perceptron>(chain, choice.Limits, choice.Chains, choice.Threads);
    }

    /// <summary>Describes the move energy the solver will use (for reports).</summary>
    public static string EnergyDescription(SolverChoice choice) => choice.Algorithm switch
    {
        "sa" => (choice.Energy ?? new SimulatedAnnealingOptions().Energy).ToString(),
        "rmc" => (choice.Energy ?? new ReplicatedMonteCarloOptions().Energy).ToString(),
        _ => "perceptron rule",
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
