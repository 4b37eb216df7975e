using System.Globalization;

namespace LocalEntropy.Experiments;

/// <summary>
/// How a stored run was run beyond its instance: what its `lent solve` command (the `command` column) says after
/// the instance's options — the algorithm, chains, threads, budgets and settings.
/// </summary>
public sealed record SolveCommandLine(string Algorithm, int Chains, int Threads, double MaxSeconds, long? MaxIterations, IReadOnlyList<Setting> Settings)
{
    /// <summary>The `lent solve` command that repeats a sweep's run of <paramref name="point"/>.</summary>
    public static string For(SweepPoint point, int threads, double maxSeconds, long? maxIterations)
    {
        ArgumentNullException.ThrowIfNull(point);
        var line = new SolveCommandLine(point.Algorithm, point.Chains, threads, maxSeconds, maxIterations, point.Settings);
        return $"lent solve {point.Instance.Arguments} -a {point.Algorithm} {line.Options}";
    }

    /// <summary>Reads the part of a stored `lent solve` command that follows the instance; throws <see cref="FormatException"/>.</summary>
    public static SolveCommandLine Parse(string command)
    {
        IReadOnlyList<string> words = ShellWords.Split(command);
        int a = words.ToList().IndexOf("-a");
        if (a < 0 || a + 1 >= words.Count) throw new FormatException($"no '-a ALGORITHM' in '{command}'");
        string Value(int i) => i + 1 < words.Count ? words[i + 1] : throw new FormatException($"{words[i]} without a value in '{command}'");
        T Number<T>(int i) where T : IParsable<T> =>
            T.TryParse(Value(i), CultureInfo.InvariantCulture, out T? v) ? v : throw new FormatException($"{words[i]} '{words[i + 1]}' is not a number in '{command}'");
        int chains = 1, threads = 1;
        double? seconds = null;
        long? iterations = null;
        var settings = new List<Setting>();
        for (int i = a + 2; i < words.Count; i += 2)
        {
            switch (words[i])
            {
                case "--chains": chains = Number<int>(i); break;
                case "--threads": threads = Number<int>(i); break;
                case "--max-seconds": seconds = Number<double>(i); break;
                case "--max-iterations": iterations = Number<long>(i); break;
                case "--set": settings.Add(Setting.Parse(Value(i), "--set")); break;
                default: throw new FormatException($"unexpected '{words[i]}' in '{command}'");
            }
        }
        return new SolveCommandLine(words[a + 1], chains, threads, seconds ?? throw new FormatException($"no --max-seconds in '{command}'"), iterations, settings);
    }

    /// <summary>The options after the algorithm, as the command writes them: chains, threads, budgets, then settings.</summary>
    public string Options => string.Join(' ', Parts.Select(p => p.Text));

    /// <summary>The options one by one in command order, each with its key (the option, or a setting's path) and its text.</summary>
    public IReadOnlyList<(string Key, string Text)> Parts
    {
        get
        {
            var parts = new List<(string, string)>
            {
                ("--chains", string.Create(CultureInfo.InvariantCulture, $"--chains {Chains}")),
                ("--threads", string.Create(CultureInfo.InvariantCulture, $"--threads {Threads}")),
                ("--max-seconds", string.Create(CultureInfo.InvariantCulture, $"--max-seconds {MaxSeconds:R}")),
            };
            if (MaxIterations is long i) parts.Add(("--max-iterations", string.Create(CultureInfo.InvariantCulture, $"--max-iterations {i}")));
            parts.AddRange(Settings.Select(s => (s.Path, "--set " + ShellWords.Quote(s.ToString()))));
            return parts;
        }
    }
}
