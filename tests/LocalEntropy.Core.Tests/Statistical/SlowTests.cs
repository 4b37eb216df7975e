namespace LocalEntropy.Core.Tests.Statistical;

/// <summary>How much of a slow statistical test runs: everything locally, the reduced form under CI=true.</summary>
internal static class SlowTests
{
    private static readonly bool Reduced =
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary><paramref name="full"/> locally, <paramref name="reduced"/> in CI.</summary>
    public static int Instances(int full, int reduced = 1) => Reduced ? reduced : full;
}
