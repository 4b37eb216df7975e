namespace LocalEntropy.Experiments;

/// <summary>
/// A power law y = c·x^b fitted by ordinary least squares on the logarithms, ln y = ln c + b·ln x, with the standard
/// error of the exponent from the residuals: s.e.(b) = √(Σ r² / (n − 2) / Σ (ln x − mean ln x)²). Exponent and
/// standard error do not depend on the base of the logarithm.
/// </summary>
public sealed record PowerLawFit(double Exponent, double StandardError, double Prefactor, int Points)
{
    /// <summary>The fewest points fitted: a line through two passes through both and leaves no residual to estimate its error from.</summary>
    public const int MinimumPoints = 3;

    /// <summary>The fitted c·x^b at <paramref name="x"/>.</summary>
    public double At(double x) => Prefactor * Math.Pow(x, Exponent);

    /// <summary>
    /// The fit through <paramref name="points"/> (positive, finite coordinates; at least two distinct x), or null when
    /// there are fewer than <see cref="MinimumPoints"/>.
    /// </summary>
    public static PowerLawFit? Of(IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < MinimumPoints) return null;
        foreach (var (x, y) in points)
        {
            if (!(x > 0 && y > 0 && double.IsFinite(x) && double.IsFinite(y)))
                throw new ArgumentOutOfRangeException(nameof(points), (x, y), "a power law is fitted to positive, finite values");
        }
        double[] u = [.. points.Select(p => Math.Log(p.X))], v = [.. points.Select(p => Math.Log(p.Y))];
        double uMean = u.Average(), vMean = v.Average();
        double sxx = u.Sum(a => (a - uMean) * (a - uMean));
        if (sxx == 0) throw new ArgumentException("a power law needs at least two distinct x", nameof(points));
        double sxy = u.Zip(v, (a, b) => (a - uMean) * (b - vMean)).Sum();
        double slope = sxy / sxx, intercept = vMean - slope * uMean;
        double residuals = u.Zip(v, (a, b) => b - intercept - slope * a).Sum(r => r * r);
        return new PowerLawFit(slope, Math.Sqrt(residuals / (points.Count - 2) / sxx), Math.Exp(intercept), points.Count);
    }
}
