namespace LocalEntropy.Experiments;

/// <summary>The statistics of one series at one size and load.</summary>
public sealed record ReportCell(int N, double Alpha, int P, CellStatistics Statistics);

/// <summary>
/// One algorithm run one way: its runs' `lent solve` commands agree on <see cref="Command"/> (everything but the
/// instance). <see cref="Label"/> is the algorithm's name, followed by the options that set this series apart when
/// the section runs the algorithm several ways (a swept setting, another budget).
/// </summary>
public sealed record ReportSeries(string Label, SolveCommandLine Command, IReadOnlyList<ReportCell> Cells);

/// <summary>The runs of one sweep on one kind of instance, as series of cells ordered by N and α.</summary>
public sealed record ReportSection(string Sweep, string Problem, int K, bool Teacher, IReadOnlyList<ReportSeries> Series, IReadOnlyList<StoredRun> Runs)
{
    /// <summary>Random-label perceptrons: the instances whose capacity the replica theory gives.</summary>
    public bool RandomPerceptron => Problem == "perceptron" && !Teacher;

    /// <summary>The kind of instance in words.</summary>
    public string Instances => Problem switch
    {
        "perceptron" => Teacher ? "perceptron, teacher-student" : "perceptron, random labels",
        "committee" => $"committee machine, K = {K}, random labels",
        "ksat" => $"random {K}-SAT",
        var other => other,
    };

    /// <summary>The sizes N, increasing.</summary>
    public IReadOnlyList<int> Sizes => [.. Runs.Select(r => r.N).Distinct().Order()];

    /// <summary>The loads α, increasing.</summary>
    public IReadOnlyList<double> Alphas => [.. Runs.Select(r => r.Alpha).Distinct().Order()];

    /// <summary>
    /// The sections of <paramref name="runs"/>: one per sweep and kind of instance, in storing order. Series follow
    /// <paramref name="algorithms"/> (others after them by name), then their options: the order runs finish in, which
    /// workers decide, plays no part.
    /// </summary>
    public static IReadOnlyList<ReportSection> Of(IReadOnlyList<StoredRun> runs, IReadOnlyList<string> algorithms) =>
        [.. runs.GroupBy(r => (r.Sweep, r.Problem, r.K, r.Teacher)).Select(g =>
        {
            StoredRun[] section = [.. g];
            return new ReportSection(g.Key.Sweep, g.Key.Problem, g.Key.K, g.Key.Teacher, [.. SeriesOf(section, algorithms)], section);
        })];

    private static IEnumerable<ReportSeries> SeriesOf(StoredRun[] runs, IReadOnlyList<string> order)
    {
        int Rank(string algorithm) => order.Contains(algorithm) ? order.ToList().IndexOf(algorithm) : order.Count;
        foreach (var algorithm in runs.GroupBy(r => r.Algorithm, StringComparer.Ordinal).OrderBy(g => Rank(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var ways = algorithm.GroupBy(r => r.Command.Options, StringComparer.Ordinal).OrderBy(w => w.Key, StringComparer.Ordinal).ToArray();
            // The options every way of running the algorithm shares do not tell its series apart.
            HashSet<string> shared = [.. ways[0].First().Command.Parts.Select(p => p.Text)];
            foreach (var way in ways.Skip(1)) shared.IntersectWith(way.First().Command.Parts.Select(p => p.Text));
            foreach (var way in ways)
            {
                string[] distinct = [.. way.First().Command.Parts.Select(p => p.Text).Where(t => !shared.Contains(t)).Select(t => t.Replace("--set ", "", StringComparison.Ordinal))];
                string label = distinct.Length == 0 ? algorithm.Key : $"{algorithm.Key} {string.Join(' ', distinct)}";
                ReportCell[] cells = [.. way.GroupBy(r => (r.N, r.Alpha)).OrderBy(c => c.Key.N).ThenBy(c => c.Key.Alpha)
                    .Select(c => new ReportCell(c.Key.N, c.Key.Alpha, c.First().P, CellStatistics.Of([.. c])))];
                yield return new ReportSeries(label, way.First().Command, cells);
            }
        }
    }
}
