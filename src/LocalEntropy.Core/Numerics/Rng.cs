using System.Numerics;
using System.Runtime.CompilerServices;

namespace LocalEntropy.Numerics;

/// <summary>
/// xoshiro256** generator seeded through SplitMix64. Every random choice in the library goes through one of these,
/// and parallel work takes a <see cref="Fork"/> per task index, so results depend on the seed only, never on the
/// thread count or scheduling.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator whose whole stream is determined by <paramref name="seed"/>.</summary>
    public Rng(ulong seed)
    {
        Seed = seed;
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The seed this generator was created from.</summary>
    public ulong Seed { get; }

    /// <summary>
    /// An independent generator for sub-task <paramref name="stream"/>, derived from this generator's seed only
    /// (not from how many numbers have been drawn), so forks are reproducible in any order.
    /// </summary>
    public Rng Fork(ulong stream)
    {
        ulong x = Seed ^ (0x9E3779B97F4A7C15UL * (stream + 1));
        return new Rng(SplitMix64(ref x) ^ stream);
    }

    /// <summary>The next 64 uniformly random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextULong()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="n"/>), unbiased (Lemire's multiply-shift with rejection).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int n)
    {
        if (n <= 0) ThrowNonPositive(n);
        ulong bound = (ulong)n;
        ulong m = Math.BigMul(NextULong(), bound, out ulong low);
        if (low < bound)
        {
            ulong threshold = (0UL - bound) % bound;
            while (low < threshold)
            {
                m = Math.BigMul(NextULong(), bound, out low);
            }
        }
        return (int)m;
    }

    /// <summary>A fair coin.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool NextBool() => (long)NextULong() < 0;

    /// <summary>A standard normal deviate (Box–Muller, no cached second value so the stream stays simple).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fisher–Yates shuffle of <paramref name="items"/> in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static void ThrowNonPositive(int n) =>
        throw new ArgumentOutOfRangeException(nameof(n), n, "the bound must be positive");

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
