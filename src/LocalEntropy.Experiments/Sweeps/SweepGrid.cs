namespace LocalEntropy.Experiments;

/// <summary>One swept setting: a dotted options path and the values it takes (<c>--grid Name=v1,v2,…</c>).</summary>
public sealed record GridAxis(string Path, IReadOnlyList<string> Values)
{
    /// <summary>Reads <c>NAME=V1,V2,…</c>.</summary>
    public static GridAxis Parse(string text)
    {
        Setting s = Setting.Parse(text, "--grid");
        string[] values = (s.Value ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (values.Any(v => v.Length == 0)) throw new SettingException($"--grid: '{text}' has an empty value");
        if (values.Distinct(StringComparer.Ordinal).Count() != values.Length) throw new SettingException($"--grid: '{text}' lists a value twice");
        return new GridAxis(s.Path, values);
    }
}

/// <summary>
/// What a sweep covers: every (N, α, algorithm, seed) of one problem, times every combination of the swept settings.
/// Settings (from <c>--options</c> and <c>--set</c>, then the axes) apply to each algorithm whose options have them.
/// </summary>
public sealed record SweepGrid
{
    /// <summary>The sweep's name: the stored runs of one grid, resumed by running the same command again.</summary>
    public string Name { get; init; } = "default";

    /// <summary>The kind of instance.</summary>
    public ProblemKind Problem { get; init; } = ProblemKind.Perceptron;

    /// <summary>Hidden units of a committee machine (odd), the clause length of K-SAT; 1 for the perceptron.</summary>
    public int K { get; init; } = 1;

    /// <summary>Teacher-student perceptron instances instead of random labels.</summary>
    public bool Teacher { get; init; }

    /// <summary>Sizes N (inputs per hidden unit for a committee).</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [];

    /// <summary>Loads α.</summary>
    public IReadOnlyList<double> Alphas { get; init; } = [];

    /// <summary>Algorithm names, as `lent solve -a` takes them.</summary>
    public IReadOnlyList<string> Algorithms { get; init; } = [];

    /// <summary>Instance seeds.</summary>
    public IReadOnlyList<ulong> Seeds { get; init; } = [];

    /// <summary>Independent chains per run (see `lent solve --chains`).</summary>
    public int Chains { get; init; } = 1;

    /// <summary>Threads and budgets of every run.</summary>
    public RunConfig Config { get; init; } = new();

    /// <summary>Settings every point gets, in order.</summary>
    public IReadOnlyList<Setting> Settings { get; init; } = [];

    /// <summary>Swept settings; each point gets one value of each, after <see cref="Settings"/>.</summary>
    public IReadOnlyList<GridAxis> Axes { get; init; } = [];

    /// <summary>Throws <see cref="SettingException"/> for a grid that cannot run, naming the option at fault.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new SettingException("--name must not be empty");
        Require(Sizes.Count > 0, "--n: no sizes");
        Require(Alphas.Count > 0, "--alphas: no loads");
        Require(Algorithms.Count > 0, "--algorithms: no algorithms");
        Require(Seeds.Count > 0, "--seeds: no seeds");
        Require(Chains >= 1, $"--chains must be at least 1, got {Chains}");
        Unique(Sizes, "--n");
        Unique(Alphas, "--alphas");
        Unique(Algorithms, "--algorithms");
        Require(Seeds.All(s => s <= long.MaxValue), $"--seeds: seeds above {long.MaxValue} cannot be stored");
        if (Problem == ProblemKind.Committee)
        {
            Require(K >= 1 && K % 2 == 1, $"--k must be odd and positive, got {K}");
            Require(!Teacher, "--teacher is for the perceptron; committee instances have random labels");
            Require(Sizes.All(n => n % 2 == 1), "--n must be odd for a committee machine (no zero hidden fields)");
        }
        else if (Problem == ProblemKind.KSat)
        {
            Require(K >= 2, $"--k (clause length) must be at least 2, got {K}");
            Require(!Teacher, "--teacher is for the perceptron");
            Require(Sizes.All(n => n >= K), $"--n must be at least --k ({K}): a clause has K distinct variables");
        }
        else
        {
            Require(K == 1, "--k is for --problem committee or ksat");
        }
        foreach (GridAxis axis in Axes)
        {
            Require(Axes.Count(a => Same(a.Path, axis.Path)) == 1, $"--grid: {axis.Path} is swept twice");
            Require(!Settings.Any(s => Same(s.Path, axis.Path)), $"--grid: {axis.Path} is also set with --set or --options");
        }
    }

    /// <summary>
    /// The runs of the grid before the options are resolved: seeds outermost, so an interrupted sweep has covered
    /// every cell with its first seeds; then N, α, algorithm and the axes in order.
    /// </summary>
    public IEnumerable<(InstanceSpec Instance, string Algorithm, IReadOnlyList<Setting> Settings)> Cells()
    {
        IEnumerable<IReadOnlyList<Setting>> combos = [Settings];
        foreach (GridAxis axis in Axes)
        {
            combos = [.. combos.SelectMany(c => axis.Values.Select(v => (IReadOnlyList<Setting>)[.. c, new Setting(axis.Path, v, "--grid")]))];
        }
        foreach (ulong seed in Seeds)
        {
            foreach (int n in Sizes)
            {
                foreach (double alpha in Alphas)
                {
                    var instance = new InstanceSpec(Problem, n, K, alpha, Teacher, seed);
                    foreach (string algorithm in Algorithms)
                    {
                        foreach (IReadOnlyList<Setting> settings in combos) yield return (instance, algorithm, settings);
                    }
                }
            }
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static void Require(bool ok, string message)
    {
        if (!ok) throw new SettingException(message);
    }

    private static void Unique<T>(IReadOnlyList<T> values, string option) =>
        Require(values.Distinct().Count() == values.Count, $"{option}: a value is listed twice");
}
