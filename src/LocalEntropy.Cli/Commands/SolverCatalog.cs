using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Cli.Commands;

/// <summary>What the command line may override in a solver's defaults.</summary>
internal sealed record SolverChoice(string Algorithm, SolverLimits Limits, MoveEnergy? Energy = null, int? Replicas = null);

/// <summary>Maps algorithm names to configured solvers; every other setting keeps the library default.</summary>
internal static class SolverCatalog
{
    public static readonly string[] Names = ["sa", "rmc", "rsgd"];

    public static ISolver<Perceptron> Create(SolverChoice choice) => choice.Algorithm switch
    {
        "sa" => new SimulatedAnnealing(WithEnergy(new SimulatedAnnealingOptions { Limits = choice.Limits }, choice)),
        "rmc" => new ReplicatedMonteCarlo(WithReplicas(new ReplicatedMonteCarloOptions { Limits = choice.Limits }, choice)),
        "rsgd" => choice.Energy is null
            ? new ReplicatedSgd(new ReplicatedSgdOptions { Limits = choice.Limits, Replicas = choice.Replicas ?? 7 })
            : throw new UsageException("--energy and --margin apply to sa and rmc only (rsgd learns from misclassified patterns)"),
        _ => throw new UsageException($"unknown algorithm '{choice.Algorithm}'; choose one of {string.Join(", ", Names)}"),
    };

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
