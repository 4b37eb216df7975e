using System.Text.Json;

namespace LocalEntropy.Experiments;

/// <summary>
/// How each run of a sweep is configured beyond its point: threads per run and the budgets as given (null: the
/// algorithm's default wall-clock budget, no iteration budget). The budgets also go into the options, and so into
/// a point's identity.
/// </summary>
public sealed record RunConfig(int Threads = 1, double? MaxSeconds = null, long? MaxIterations = null);

/// <summary>
/// A point without its options record: its sweep and instance, the algorithm and its chains, the settings applied to
/// the algorithm's defaults, and the run configuration. A queue keeps it as JSON, so that a worker on another machine
/// rebuilds the options, and with them the point's id, exactly as the plan made them.
/// </summary>
public sealed record PointRecipe(
    string Sweep, InstanceSpec Instance, string Algorithm, int Chains, IReadOnlyList<Setting> Settings, RunConfig Config)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The recipe as one JSON object, e.g. <c>{"sweep":"s","problem":"perceptron","n":41,"k":1,"alpha":0.5,
    /// "teacher":false,"seed":1,"algorithm":"rmc","chains":1,"threads":1,"maxSeconds":null,"maxIterations":30,
    /// "settings":[{"path":"Replicas","value":"3"}]}</c>.
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(
        new Dto(Sweep, Instance.ProblemName, Instance.N, Instance.K, Instance.Alpha, Instance.Teacher, Instance.Seed, Algorithm, Chains,
            Config.Threads, Config.MaxSeconds, Config.MaxIterations, [.. Settings.Select(s => new SettingDto(s.Path, s.Value))]),
        Json);

    /// <summary>Reads <see cref="ToJson"/>; throws <see cref="JsonException"/> for anything else.</summary>
    public static PointRecipe FromJson(string json)
    {
        Dto d = JsonSerializer.Deserialize<Dto>(json, Json) ?? throw new JsonException("a point recipe is a JSON object");
        ProblemKind problem = d.Problem switch
        {
            "perceptron" => ProblemKind.Perceptron,
            "committee" => ProblemKind.Committee,
            "ksat" => ProblemKind.KSat,
            _ => throw new JsonException($"unknown problem '{d.Problem}'"),
        };
        return new PointRecipe(
            d.Sweep, new InstanceSpec(problem, d.N, d.K, d.Alpha, d.Teacher, d.Seed), d.Algorithm, d.Chains,
            [.. d.Settings.Select(s => new Setting(s.Path, s.Value, "queue"))], new RunConfig(d.Threads, d.MaxSeconds, d.MaxIterations));
    }

    private sealed record Dto(
        string Sweep, string Problem, int N, int K, double Alpha, bool Teacher, ulong Seed, string Algorithm, int Chains,
        int Threads, double? MaxSeconds, long? MaxIterations, SettingDto[] Settings);

    private sealed record SettingDto(string Path, string? Value);
}
