using System.CommandLine;
using LocalEntropy.Experiments;

namespace LocalEntropy.Cli.Commands;

/// <summary>
/// The options that make a sweep's grid (problem, sizes, loads, algorithms, seeds, budgets, settings and swept
/// settings), shared by `lent sweep` and `lent sweep plan`.
/// </summary>
internal sealed class SweepGridOptions
{
    private readonly Option<string> _problem = new("--problem") { Description = "perceptron, committee (needs --k) or ksat (random K-SAT, M = αN clauses)", DefaultValueFactory = _ => "perceptron" };
    private readonly Option<int?> _k = CommonOptions.HiddenUnits("hidden units K of the committee machine (odd), or the clause length of ksat (default 3)");
    private readonly Option<bool> _teacher = new("--teacher") { Description = "teacher-student perceptron instances instead of random labels" };
    private readonly Option<string?> _sizes = new("--n") { Description = "sizes N: N1,N2,… or MIN:MAX:STEP (inputs per unit for a committee)" };
    private readonly Option<string?> _alphas = new("--alphas") { Description = "loads α: A1,A2,… or MIN:MAX:STEP (both ends included)" };
    private readonly Option<string?> _algorithms = new("--algorithms", "-a") { Description = $"comma-separated algorithms: {string.Join(", ", SolverCatalog.Names)}" };
    private readonly Option<string> _seeds = new("--seeds") { Description = "instance seeds: K for 1…K, or FIRST:LAST", DefaultValueFactory = _ => "10" };
    private readonly Option<double> _maxSeconds = CommonOptions.PositiveDouble("--max-seconds", "wall-clock budget of each run in seconds (default 60; 300 for edmc)");
    private readonly Option<long?> _maxIterations = CommonOptions.MaxIterations();
    private readonly Option<int> _chains = CommonOptions.PositiveInt("--chains", "independent chains per run (the first to solve wins; see lent solve)", 1);
    private readonly Option<int> _threads = CommonOptions.PositiveInt("--threads", "threads of each run (its chains and BP sweeps)", 1);
    private readonly SettingsOptions _settings = new();
    private readonly Option<string[]> _axes = new("--grid") { Description = "sweep a solver setting like an axis: NAME=V1,V2,… (repeatable)" };

    public SweepGridOptions() => _problem.AcceptOnlyFromAmong("perceptron", "committee", "ksat");

    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { _problem, _k, _teacher, _sizes, _alphas, _algorithms, _seeds, _maxSeconds, _maxIterations, _chains, _threads })
        {
            command.Options.Add(o);
        }
        _settings.AddTo(command);
        command.Options.Add(_axes);
    }

    /// <summary>Whether any axis of a grid was given.</summary>
    public bool Given(ParseResult parsed) =>
        parsed.GetValue(_sizes) is not null || parsed.GetValue(_alphas) is not null || parsed.GetValue(_algorithms) is not null;

    /// <summary>The grid named <paramref name="name"/>; throws a usage error naming the option at fault.</summary>
    public SweepGrid Read(ParseResult parsed, string name)
    {
        ProblemKind problem = parsed.GetValue(_problem) switch
        {
            "committee" => ProblemKind.Committee,
            "ksat" => ProblemKind.KSat,
            _ => ProblemKind.Perceptron,
        };
        if (problem == ProblemKind.Committee && parsed.GetValue(_k) is null) throw new UsageException("--problem committee needs --k K, the number of hidden units");
        return new SweepGrid
        {
            Name = name,
            Problem = problem,
            K = parsed.GetValue(_k) ?? (problem == ProblemKind.KSat ? 3 : 1),
            Teacher = parsed.GetValue(_teacher),
            Sizes = Sizes(Required(parsed.GetValue(_sizes), "--n")),
            Alphas = ValueGrid.PositiveNumbers("--alphas", Required(parsed.GetValue(_alphas), "--alphas")),
            Algorithms = SolverCatalog.ParseNames(Required(parsed.GetValue(_algorithms), "--algorithms")),
            Seeds = ValueGrid.Seeds("--seeds", parsed.GetValue(_seeds)!),
            Chains = parsed.GetValue(_chains),
            Config = new RunConfig(
                parsed.GetValue(_threads),
                parsed.GetResult(_maxSeconds) is { Implicit: false } ? parsed.GetValue(_maxSeconds) : null,
                parsed.GetValue(_maxIterations)),
            Settings = _settings.Read(parsed),
            Axes = [.. (parsed.GetValue(_axes) ?? []).Select(GridAxis.Parse)],
        };
    }

    private static string Required(string? value, string option) =>
        value ?? throw new UsageException($"a sweep needs {option} as well: give --n, --alphas and --algorithms");

    private static int[] Sizes(string text) =>
        [.. ValueGrid.PositiveNumbers("--n", text).Select(v => v == Math.Floor(v) && v <= int.MaxValue
            ? (int)v
            : throw new UsageException(FormattableString.Invariant($"--n: '{v}' is not a whole number (in '{text}')")))];
}
