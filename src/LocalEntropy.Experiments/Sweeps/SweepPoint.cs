using System.Globalization;

namespace LocalEntropy.Experiments;

/// <summary>
/// One run of a sweep: an instance, an algorithm, its chain count and its full effective options. <see cref="Id"/>
/// identifies the point within its sweep: the stored runs of a sweep have distinct ids, and a restarted sweep runs
/// only the ids it does not find.
/// </summary>
public sealed record SweepPoint
{
    /// <summary>Creates the point; <paramref name="options"/> is the effective options record of the algorithm.</summary>
    public SweepPoint(string sweep, InstanceSpec instance, string algorithm, int chains, object options, IReadOnlyList<Setting> settings)
    {
        Sweep = sweep;
        Instance = instance;
        Algorithm = algorithm;
        Chains = chains;
        Options = options;
        Settings = settings;
        OptionsJson = Experiments.OptionsJson.Canonical(options);
        OptionsHash = Experiments.OptionsJson.Hash(OptionsJson);
        Id = Experiments.OptionsJson.Hash(IdentityText(instance, algorithm, chains, OptionsHash));
    }

    /// <summary>The sweep the point belongs to.</summary>
    public string Sweep { get; }

    /// <summary>The instance.</summary>
    public InstanceSpec Instance { get; }

    /// <summary>The algorithm's name.</summary>
    public string Algorithm { get; }

    /// <summary>Independent chains of the run.</summary>
    public int Chains { get; }

    /// <summary>The solver's effective options record.</summary>
    public object Options { get; }

    /// <summary>The settings that were applied to the algorithm's defaults to make <see cref="Options"/>.</summary>
    public IReadOnlyList<Setting> Settings { get; }

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

/// <summary>Expands a <see cref="SweepGrid"/> into its distinct points.</summary>
public static class SweepPlan
{
    /// <summary>
    /// The points of <paramref name="grid"/> in grid order, each point once: <paramref name="configure"/> gives an
    /// algorithm's effective options for some settings, collecting those it has no property for; points whose
    /// options coincide (a swept setting the algorithm does not have) are one point. A setting that no algorithm
    /// of the grid has is an error.
    /// </summary>
    public static IReadOnlyList<SweepPoint> Points(
        SweepGrid grid, Func<string, IReadOnlyList<Setting>, ICollection<Setting>, object> configure)
    {
        grid.Validate();
        var resolved = new Dictionary<(string, string), (object Options, IReadOnlyList<Setting> Applied)>();
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var points = new List<SweepPoint>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (instance, algorithm, settings) in grid.Cells())
        {
            string key = string.Join('\n', settings);
            if (!resolved.TryGetValue((algorithm, key), out var config))
            {
                var unknown = new List<Setting>();
                object options = configure(algorithm, settings, unknown);
                config = (options, [.. settings.Except(unknown)]);
                known.UnionWith(config.Applied.Select(s => s.Path));
                resolved[(algorithm, key)] = config;
            }
            var point = new SweepPoint(grid.Name, instance, algorithm, grid.Chains, config.Options, config.Applied);
            if (ids.Add(point.Id)) points.Add(point);
        }
        IEnumerable<Setting> all = grid.Settings.Concat(grid.Axes.Select(a => new Setting(a.Path, a.Values[0], "--grid")));
        if (all.FirstOrDefault(s => !known.Contains(s.Path)) is { } stray)
        {
            throw OptionsBinder.Unknown(resolved.Values.First().Options, stray, string.Join(", ", grid.Algorithms));
        }
        return points;
    }
}
