using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LocalEntropy.Problems;
using LocalEntropy.Solvers;

namespace LocalEntropy.Experiments;

/// <summary>
/// The outcome of one solver run as `lent solve` prints it (text or JSON) and a sweep stores it. N counts the inputs
/// of one unit; <see cref="Options"/> is the canonical JSON of the full effective options (see <see cref="OptionsJson"/>).
/// </summary>
public sealed record SolveReport(
    string Algorithm,
    string Energy,
    int N,
    int K,
    int P,
    double Alpha,
    ulong Seed,
    bool Solved,
    int Errors,
    long Iterations,
    int Restarts,
    double Seconds,
    string StopReason,
    double? GeneralizationError,
    string Weights,
    int Chains,
    JsonElement Options)
{
    /// <summary>The problem solved: perceptron, committee or ksat.</summary>
    public string Problem { get; init; } = "perceptron";

    /// <summary>Multi-level weights only: L (the weights take L+1 levels; <see cref="Weights"/> then holds the numerators).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Levels { get; init; }

    /// <summary>K-SAT only: the assignment found as a ± string (variable i true when character i is '+').</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Assignment { get; init; }

    /// <summary>
    /// The algorithm asked for when another one ran instead (fbp or bp-r on a perceptron too large for dense BP runs
    /// famp); absent otherwise.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RequestedAlgorithm { get; init; }

    /// <summary>
    /// `lent solve` only: the peak resident set of the process in bytes (its high-water mark: VmHWM on Linux, the peak
    /// working set on Windows) when the run ended, instance generation included; absent where runs share a process
    /// (sweeps).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PeakWorkingSetBytes { get; init; }

    /// <summary>camelCase names; '+' kept readable in the weights string (the output is never embedded in HTML).</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The report of <paramref name="result"/> on a perceptron (K = 1), a committee machine (K hidden units) or a
    /// K-SAT formula (K its longest clause, P its number of clauses M).
    /// </summary>
    public static SolveReport From(
        string algorithm, string energy, IFlipProblem problem, ulong seed, SolveResult result, int chains, string optionsJson)
    {
        (int n, int k, double alpha, double? generalization) = problem switch
        {
            Perceptron p => (p.N, 1, p.Alpha, p.Teacher is null ? (double?)null : p.GeneralizationError(result.Best)),
            CommitteeMachine c => (c.N, c.K, c.Alpha, null),
            KSat f => (f.N, f.MaxClauseLength, f.Alpha, null),
            _ => (problem.Size, 1, (double)problem.Constraints / problem.Size, null),
        };
        using var options = JsonDocument.Parse(optionsJson);
        return new(
            algorithm, energy, n, k, problem.Constraints, alpha, seed, result.Solved, result.Errors, result.Iterations, result.Restarts,
            Math.Round(result.Elapsed.TotalSeconds, 4), JsonNamingPolicy.CamelCase.ConvertName(result.StopReason.ToString()),
            generalization, result.Best.ToPlusMinus(), chains, options.RootElement.Clone())
        {
            Problem = problem switch { CommitteeMachine => "committee", KSat => "ksat", _ => "perceptron" },
            Assignment = problem is KSat ? result.Best.ToPlusMinus() : null,
        };
    }

    /// <summary>The report of a run on multi-level weights: <see cref="Weights"/> holds the numerators separated by spaces.</summary>
    public static SolveReport From(
        string algorithm, string energy, LevelPerceptron problem, ulong seed, SolveResult result, int chains, string optionsJson)
    {
        if (result.Levels is not { } best) throw new ArgumentException("the result has no multi-level weights", nameof(result));
        using var options = JsonDocument.Parse(optionsJson);
        return new(
            algorithm, energy, problem.N, 1, problem.P, problem.Alpha, seed, result.Solved, result.Errors, result.Iterations, result.Restarts,
            Math.Round(result.Elapsed.TotalSeconds, 4), JsonNamingPolicy.CamelCase.ConvertName(result.StopReason.ToString()),
            null, best.ToString(), chains, options.RootElement.Clone())
        {
            Levels = problem.Levels,
        };
    }

    /// <summary>The one-line text form.</summary>
    public string ToText()
    {
        string outcome = Solved ? "solved" : $"{Errors} {(Problem == "ksat" ? "clauses violated" : "errors left")}";
        string generalization = GeneralizationError is double g ? string.Create(CultureInfo.InvariantCulture, $"; generalization error {g:F4}") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Algorithm}{(RequestedAlgorithm is { } asked ? $" (for {asked})" : "")} on N={N}{(K > 1 ? $" K={K}" : "")}{(Levels is int l ? $" L={l}" : "")} {(Problem == "ksat" ? "M" : "P")}={P} (α={Alpha:G4}), seed {Seed}: {outcome} after {Iterations} iterations, {Restarts} restarts, {Seconds:F2} s; stopped: {StopReason}{generalization}");
    }
}
