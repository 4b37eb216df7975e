using System.Globalization;

namespace LocalEntropy.Theory;

/// <summary>A load α at which the entropy of a branch of saddle points vanishes, or why it was not located.</summary>
/// <param name="Alpha">The load; NaN unless <see cref="Found"/>.</param>
/// <param name="Found">True when the root was bracketed and every saddle point on the way converged.</param>
/// <param name="Failure">Why it was not found (naming the α concerned), or null.</param>
public sealed record CriticalLoad(double Alpha, bool Found, string? Failure)
{
    /// <summary>Width of the final bracket: well below the accuracy of any published value of these loads.</summary>
    public const double Tolerance = 1e-10;

    /// <summary>
    /// The load in [<paramref name="low"/>, <paramref name="high"/>] where the entropy of <paramref name="solve"/>
    /// changes sign, by bisection: it needs only the sign, which stays right even where the saddle point's last digits
    /// are the least reliable.
    /// </summary>
    internal static CriticalLoad ZeroEntropy(Func<double, ReplicaPoint> solve, double low, double high)
    {
        ReplicaPoint lowPoint = solve(low), highPoint = solve(high);
        if (!lowPoint.Converged) return NotConverged(lowPoint);
        if (!highPoint.Converged) return NotConverged(highPoint);
        int lowSign = Math.Sign(lowPoint.Entropy);
        if (lowSign == Math.Sign(highPoint.Entropy))
            return Failed(string.Create(CultureInfo.InvariantCulture, $"the entropy has the same sign at α = {low} and α = {high}"));
        while (high - low > Tolerance)
        {
            ReplicaPoint mid = solve(0.5 * (low + high));
            if (!mid.Converged) return NotConverged(mid);
            if (Math.Sign(mid.Entropy) == lowSign) low = mid.Alpha;
            else high = mid.Alpha;
        }
        return new CriticalLoad(0.5 * (low + high), true, null);
    }

    private static CriticalLoad NotConverged(ReplicaPoint point) =>
        Failed(string.Create(CultureInfo.InvariantCulture,
            $"the saddle point at α = {point.Alpha:R} did not converge ({point.Saddle.Describe()})"));

    private static CriticalLoad Failed(string reason) => new(double.NaN, false, reason);
}
