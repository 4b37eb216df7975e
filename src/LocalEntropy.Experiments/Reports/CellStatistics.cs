namespace LocalEntropy.Experiments;

/// <summary>The lower quartile, median and upper quartile of some values (linear interpolation between order statistics).</summary>
public readonly record struct Quartiles(double Lower, double Median, double Upper)
{
    /// <summary>The quartiles of <paramref name="values"/>, or null when there are none.</summary>
    public static Quartiles? Of(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? null : new Quartiles(Quantile(sorted, 0.25), Quantile(sorted, 0.5), Quantile(sorted, 0.75));
    }

    /// <summary>The q-quantile of sorted values, interpolating between the two nearest (type 7 of Hyndman and Fan).</summary>
    private static double Quantile(double[] sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int i = (int)Math.Floor(h);
        return i + 1 < sorted.Length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }
}

/// <summary>
/// What the runs of one cell (a series at one N and α) say: how many solved, with a 95 % Wilson interval for the
/// success probability; the solved runs' times and iterations (the algorithm's own unit: sweeps, epochs, BP or AMP
/// iterations); the training errors left by the others; and for teacher-student
/// instances the generalization error of the solutions found.
/// </summary>
public sealed record CellStatistics(
    int Runs,
    int Solved,
    BinomialInterval Interval,
    Quartiles? SolvedSeconds,
    Quartiles? SolvedIterations,
    IReadOnlyList<int> ErrorsLeft,
    double? GeneralizationError,
    double? GeneralizationStandardError)
{
    /// <summary>The fraction of runs that solved.</summary>
    public double Success => (double)Solved / Runs;

    /// <summary>Mean training errors left by the unsolved runs, or null when every run solved.</summary>
    public double? MeanErrorsLeft => ErrorsLeft.Count == 0 ? null : ErrorsLeft.Average();

    /// <summary>The quartiles of the errors left by the unsolved runs, or null when every run solved.</summary>
    public Quartiles? ErrorsLeftQuartiles => Quartiles.Of(ErrorsLeft.Select(e => (double)e));

    /// <summary>The statistics of <paramref name="runs"/> (at least one).</summary>
    public static CellStatistics Of(IReadOnlyCollection<StoredRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        StoredRun[] solved = [.. runs.Where(r => r.Solved)];
        // The generalization of solutions: the replica theory's ε_g is that of a student with no training error.
        double[] eg = [.. solved.Where(r => r.GeneralizationError is not null).Select(r => r.GeneralizationError!.Value)];
        double? mean = eg.Length == 0 ? null : eg.Average();
        double? stderr = eg.Length < 2 ? null : Math.Sqrt(eg.Sum(e => (e - mean!.Value) * (e - mean.Value)) / (eg.Length - 1) / eg.Length);
        return new CellStatistics(
            runs.Count, solved.Length, BinomialInterval.Wilson(solved.Length, runs.Count), Quartiles.Of(solved.Select(r => r.Seconds)),
            Quartiles.Of(solved.Select(r => (double)r.Iterations)),
            [.. runs.Where(r => !r.Solved).Select(r => r.Errors)], mean, stderr);
    }
}
