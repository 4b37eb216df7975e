using System.Globalization;

namespace LocalEntropy.Experiments;

/// <summary>
/// One run of a sweep: its recipe (an instance, an algorithm, its chain count, the settings and the run
/// configuration) and the full effective options that the recipe makes. <see cref="Id"/> identifies the point within
/// its sweep: the stored runs of a sweep have distinct ids, and a restarted sweep runs only the ids it does not find.
/// </summary>
public sealed record SweepPoint
{
    /// <summary>Creates the point; <paramref name="options"/> is the effective options record the recipe makes.</summary>
    public SweepPoint(PointRecipe recipe, object options)
    {
        Recipe = recipe;
        Options = options;
        OptionsJson = Experiments.OptionsJson.Canonical(options);
        OptionsHash = Experiments.OptionsJson.Hash(OptionsJson);
        Id = Experiments.OptionsJson.Hash(IdentityText(recipe.Instance, recipe.Algorithm, recipe.Chains, OptionsHash));
    }

    /// <summary>What the point is made of, without the options record.</summary>
    public PointRecipe Recipe { get; }

    /// <summary>The sweep the point belongs to.</summary>
    public string Sweep => Recipe.Sweep;

    /// <summary>The instance.</summary>
    public InstanceSpec Instance => Recipe.Instance;

    /// <summary>The algorithm's name.</summary>
    public string Algorithm => Recipe.Algorithm;

    /// <summary>Independent chains of the run.</summary>
    public int Chains => Recipe.Chains;

    /// <summary>The settings that were applied to the algorithm's defaults to make <see cref="Options"/>.</summary>
    public IReadOnlyList<Setting> Settings => Recipe.Settings;

    /// <summary>Threads and budgets of the run.</summary>
    public RunConfig Config => Recipe.Config;

    /// <summary>The solver's effective options record.</summary>
    public object Options { get; }

    /// <summary>Canonical JSON of <see cref="Options"/>.</summary>
    public string OptionsJson { get; }

    /// <summary>SHA-256 of <see cref="OptionsJson"/>.</summary>
    public string OptionsHash { get; }

    /// <summary>SHA-256 of <see cref="IdentityText"/>: the grid coordinates and the options hash.</summary>
    public string Id { get; }

    /// <summary>
    /// The text whose hash is a point's id, e.g.
    /// <c>problem=perceptron;n=101;k=1;alpha=0.55;teacher=false;seed=3;algorithm=rmc;chains=1;options=HASH</c>
    /// (α in shortest round-trip form).
    /// </summary>
    public static string IdentityText(InstanceSpec i, string algorithm, int chains, string optionsHash) => string.Create(CultureInfo.InvariantCulture,
        $"problem={i.ProblemName};n={i.N};k={i.K};alpha={i.Alpha:R};teacher={(i.Teacher ? "true" : "false")};seed={i.Seed};algorithm={algorithm};chains={chains};options={optionsHash}");
}

/// <summary>
/// The effective options record of a recipe's algorithm: its defaults, then the recipe's settings in order. A setting
/// the algorithm has no property for is collected in <paramref name="unknown"/>, or is an error when that is null.
/// </summary>
public delegate object ConfigureOptions(PointRecipe recipe, ICollection<Setting>? unknown);

/// <summary>Expands a <see cref="SweepGrid"/> into its distinct points, and rebuilds a queued point from its recipe.</summary>
public static class SweepPlan
{
    /// <summary>
    /// The points of <paramref name="grid"/> in grid order, each point once: <paramref name="configure"/> gives an
    /// algorithm's effective options for some settings, collecting those it has no property for; points whose
    /// options coincide (a swept setting the algorithm does not have) are one point. A setting that no algorithm
    /// of the grid has is an error.
    /// </summary>
    public static IReadOnlyList<SweepPoint> Points(SweepGrid grid, ConfigureOptions configure)
    {
        grid.Validate();
        var resolved = new Dictionary<(string, string), (object Options, IReadOnlyList<Setting> Applied)>();
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var points = new List<SweepPoint>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (instance, algorithm, settings) in grid.Cells())
        {
            PointRecipe Recipe(IReadOnlyList<Setting> s) => new(grid.Name, instance, algorithm, grid.Chains, s, grid.Config);
            string key = string.Join('\n', settings);
            if (!resolved.TryGetValue((algorithm, key), out var config))
            {
                var unknown = new List<Setting>();
                object options = configure(Recipe(settings), unknown);
                config = (options, [.. settings.Except(unknown)]);
                known.UnionWith(config.Applied.Select(s => s.Path));
                resolved[(algorithm, key)] = config;
            }
            var point = new SweepPoint(Recipe(config.Applied), config.Options);
            if (ids.Add(point.Id)) points.Add(point);
        }
        IEnumerable<Setting> all = grid.Settings.Concat(grid.Axes.Select(a => new Setting(a.Path, a.Values[0], "--grid")));
        if (all.FirstOrDefault(s => !known.Contains(s.Path)) is { } stray)
        {
            throw OptionsBinder.Unknown(resolved.Values.First().Options, stray, string.Join(", ", grid.Algorithms));
        }
        return points;
    }

    /// <summary>
    /// The point <paramref name="id"/> rebuilt from its recipe, as a worker does with a point claimed from a queue.
    /// Throws <see cref="SettingException"/> when the options come out otherwise than when the point was planned (a
    /// build whose defaults differ), rather than storing a run under another configuration's id.
    /// </summary>
    public static SweepPoint Rebuild(PointRecipe recipe, string id, ConfigureOptions configure)
    {
        var point = new SweepPoint(recipe, configure(recipe, null));
        return point.Id == id
            ? point
            : throw new SettingException($"queued point {id} of sweep {recipe.Sweep} ({recipe.Algorithm}, {recipe.Instance.Arguments}) comes out with other options here than where it was planned; run the workers with the lent that planned it");
    }
}
