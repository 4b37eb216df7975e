using System.Globalization;

namespace LocalEntropy.Experiments;

/// <summary>The runs of a series at one size N (and the load of its <see cref="ScalingLaw"/>).</summary>
public sealed record ScalingPoint(int N, CellStatistics Statistics)
{
    /// <summary>
    /// At least half of the runs solved, so that the median time to solution (a run that did not solve counting as
    /// infinitely slow) is set by solved runs: only such sizes enter a fit.
    /// </summary>
    public bool Usable => 2 * Statistics.Solved >= Statistics.Runs;
}

/// <summary>A fitted power law in N, the sizes it was fitted over, or why there is none.</summary>
public sealed record ScalingFit(PowerLawFit? Law, IReadOnlyList<int> Sizes, string? Reason);

/// <summary>
/// How a series at one load α scales with the size N: the median wall time and the median iterations of the solved
/// runs (the algorithm's own unit: sweeps, epochs, BP or AMP iterations) at each N, each fitted to a power law
/// c·N^b over the sizes where at least half of the runs solved (<see cref="ScalingPoint.Usable"/>).
/// </summary>
public sealed record ScalingLaw(string Series, double Alpha, IReadOnlyList<ScalingPoint> Points, ScalingFit Time, ScalingFit Iterations)
{
    /// <summary>A section is drawn against N once its runs span this many sizes.</summary>
    public const int MinimumSizes = PowerLawFit.MinimumPoints;

    /// <summary>The sizes where at least half of the runs solved.</summary>
    public IReadOnlyList<int> UsableSizes => [.. Points.Where(p => p.Usable).Select(p => p.N)];

    /// <summary>
    /// One law per series and load of <paramref name="section"/>, in the order of its series and then by α; none when
    /// the section's runs span fewer than <see cref="MinimumSizes"/> sizes.
    /// </summary>
    public static IReadOnlyList<ScalingLaw> Of(ReportSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (section.Sizes.Count < MinimumSizes) return [];
        return [.. section.Series.SelectMany(series => series.Cells.GroupBy(c => c.Alpha).OrderBy(g => g.Key).Select(g =>
        {
            ScalingPoint[] points = [.. g.OrderBy(c => c.N).Select(c => new ScalingPoint(c.N, c.Statistics))];
            return new ScalingLaw(series.Label, g.Key, points,
                Fit(points, s => s.SolvedSeconds, "time", " s"), Fit(points, s => s.SolvedIterations, "iterations", " iterations"));
        }))];
    }

    /// <summary>The power law of the median <paramref name="measure"/> over the usable sizes with a positive median.</summary>
    private static ScalingFit Fit(IReadOnlyList<ScalingPoint> points, Func<CellStatistics, Quartiles?> measure, string what, string unit)
    {
        ScalingPoint[] usable = [.. points.Where(p => p.Usable)];
        // Times are stored to 10⁻⁴ s: a median of 0 has no logarithm, and is left out rather than made up.
        ScalingPoint[] zero = [.. usable.Where(p => !(measure(p.Statistics)!.Value.Median > 0))];
        ScalingPoint[] used = [.. usable.Except(zero)];
        int[] sizes = [.. used.Select(p => p.N)];
        if (used.Length >= PowerLawFit.MinimumPoints)
            return new ScalingFit(PowerLawFit.Of([.. used.Select(p => ((double)p.N, measure(p.Statistics)!.Value.Median))]), sizes, null);

        string reason = usable.Length == 0
            ? "no size where at least half of the runs solved"
            : $"at least half of the runs solved at {SizeList(usable)}{(zero.Length == 0 ? " only" : "")}";
        if (zero.Length > 0) reason += $"; the median {what} is 0{unit} at {SizeList(zero)}";
        return new ScalingFit(null, sizes, $"{reason}: a fit needs {PowerLawFit.MinimumPoints} sizes");
    }

    private static string SizeList(IEnumerable<ScalingPoint> points) =>
        "N = " + string.Join(", ", points.Select(p => p.N.ToString(CultureInfo.InvariantCulture)));
}
