using System.Numerics;
using LocalEntropy.Numerics;

namespace LocalEntropy.Core.Tests;

public class RngTests
{
    private static ulong[] Draw(Rng rng, int count) => [.. Enumerable.Range(0, count).Select(_ => rng.NextULong())];

    /// <summary>Independent reference: SplitMix64 seeding (Steele, Lea, Flood 2014) and xoshiro256** (Blackman, Vigna 2018).</summary>
    private sealed class Reference
    {
        private readonly ulong[] _s = new ulong[4];

        public Reference(ulong s0, ulong s1, ulong s2, ulong s3) => (_s[0], _s[1], _s[2], _s[3]) = (s0, s1, s2, s3);

        public static Reference FromSeed(ulong seed)
        {
            ulong x = seed;
            return new Reference(SplitMix(ref x), SplitMix(ref x), SplitMix(ref x), SplitMix(ref x));
        }

        public static ulong SplitMix(ref ulong x)
        {
            unchecked
            {
                x += 0x9E3779B97F4A7C15UL;
                ulong z = x;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return z ^ (z >> 31);
            }
        }

        public ulong Next()
        {
            unchecked
            {
                ulong result = BitOperations.RotateLeft(_s[1] * 5, 7) * 9;
                ulong t = _s[1] << 17;
                _s[2] ^= _s[0];
                _s[3] ^= _s[1];
                _s[1] ^= _s[2];
                _s[0] ^= _s[3];
                _s[2] ^= t;
                _s[3] = BitOperations.RotateLeft(_s[3], 45);
                return result;
            }
        }
    }

    [Fact]
    public void Reference_MatchesPublishedKnownAnswers()
    {
        // xoshiro256** from state {1, 2, 3, 4} and SplitMix64 from 0, as printed by the authors' C code.
        var x = new Reference(1, 2, 3, 4);
        Assert.Equal([11520UL, 0UL, 1509978240UL, 1215971899390074240UL], [x.Next(), x.Next(), x.Next(), x.Next()]);
        ulong s = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, Reference.SplitMix(ref s));
        Assert.Equal(0x6E789E6AA1B965F4UL, Reference.SplitMix(ref s));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(42UL)]
    [InlineData(ulong.MaxValue)]
    public void NextULong_MatchesReferenceXoshiro256StarStarSeededBySplitMix(ulong seed)
    {
        var rng = new Rng(seed);
        Reference reference = Reference.FromSeed(seed);
        for (int i = 0; i < 1000; i++) Assert.Equal(reference.Next(), rng.NextULong());
    }

    [Fact]
    public void SameSeed_GivesSameStream()
    {
        Assert.Equal(Draw(new Rng(42), 1000), Draw(new Rng(42), 1000));
        Assert.Equal(42UL, new Rng(42).Seed);
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentStreams()
    {
        ulong[][] streams = [.. Enumerable.Range(0, 50).Select(s => Draw(new Rng((ulong)s), 4))];
        // No two of 50 seeds share even one of their first four outputs.
        ulong[] all = [.. streams.SelectMany(s => s)];
        Assert.Equal(all.Length, all.Distinct().Count());
    }

    [Fact]
    public void Fork_IsReproducible_RegardlessOfDrawsBeforeAndForkOrder()
    {
        var fresh = new Rng(7);
        var used = new Rng(7);
        Draw(used, 1234);
        // Forks in ascending order from a fresh generator, descending from a used one.
        ulong[][] ascending = [.. Enumerable.Range(0, 8).Select(k => Draw(fresh.Fork((ulong)k), 100))];
        ulong[][] descending = new ulong[8][];
        for (int k = 7; k >= 0; k--) descending[k] = Draw(used.Fork((ulong)k), 100);
        for (int k = 0; k < 8; k++) Assert.Equal(ascending[k], descending[k]);
        // Forking does not disturb the parent stream either.
        var plain = new Rng(7);
        var forked = new Rng(7);
        forked.Fork(3);
        forked.Fork(5);
        Assert.Equal(Draw(plain, 50), Draw(forked, 50));
    }

    [Fact]
    public void Fork_StreamsDifferFromEachOtherAndFromParent()
    {
        var parent = new Rng(7);
        ulong[] firstOutputs = [.. Enumerable.Range(0, 1000).Select(k => new Rng(7).Fork((ulong)k).NextULong()), .. Draw(parent, 1000)];
        Assert.Equal(firstOutputs.Length, firstOutputs.Distinct().Count());
        Assert.NotEqual(Draw(new Rng(7).Fork(1), 10), Draw(new Rng(8).Fork(1), 10));
    }

    [Fact]
    public void Fork_AdjacentStreams_AreUncorrelatedBitwise()
    {
        Rng a = new Rng(11).Fork(0), b = new Rng(11).Fork(1);
        const int words = 20_000;
        long equalBits = 0;
        for (int i = 0; i < words; i++) equalBits += 64 - BitOperations.PopCount(a.NextULong() ^ b.NextULong());
        // 1.28e6 fair bits: standard deviation 566; allow 6 sigma.
        double fraction = (double)equalBits / (64.0 * words);
        Assert.InRange(fraction, 0.5 - 6 * 566.0 / (64 * words), 0.5 + 6 * 566.0 / (64 * words));
    }

    public static TheoryData<int> IntBounds => [1, 2, 3, 7, 10, 64, 1000, 1_000_003, int.MaxValue];

    [Theory]
    [MemberData(nameof(IntBounds))]
    public void NextInt_StaysInRange(int n)
    {
        var rng = new Rng((ulong)n);
        for (int i = 0; i < 20_000; i++) Assert.InRange(rng.NextInt(n), 0, n - 1);
    }

    [Theory]
    [InlineData(2, 10.83)]
    [InlineData(7, 22.46)]
    [InlineData(10, 27.88)]
    [InlineData(37, 67.99)]
    public void NextInt_IsRoughlyUniform_ChiSquare(int bins, double criticalValue)
    {
        // criticalValue: the χ² quantile with bins − 1 degrees of freedom at P(χ² > c) = 0.001.
        var rng = new Rng(1000 + (ulong)bins);
        int draws = 20_000 * bins;
        var counts = new int[bins];
        for (int i = 0; i < draws; i++) counts[rng.NextInt(bins)]++;
        double expected = (double)draws / bins;
        double chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chi2 < criticalValue, $"χ² = {chi2:F2} with {bins - 1} d.o.f. (limit {criticalValue})");
    }

    [Fact]
    public void NextInt_LargeBound_CoversBothHalves()
    {
        // A bound just above 2^30: a biased or truncated reduction would favour the lower half.
        const int n = (1 << 30) + 12345;
        var rng = new Rng(5);
        int upper = 0;
        const int draws = 100_000;
        for (int i = 0; i < draws; i++)
        {
            if (rng.NextInt(n) >= n / 2) upper++;
        }
        // Binomial(1e5, ½): σ ≈ 158; allow 5σ.
        Assert.InRange(upper, draws / 2 - 790, draws / 2 + 790);
    }

    [Fact]
    public void NextDouble_InHalfOpenUnitInterval_WithUniformMoments()
    {
        var rng = new Rng(2);
        const int draws = 200_000;
        double sum = 0, sum2 = 0, min = 1, max = 0;
        for (int i = 0; i < draws; i++)
        {
            double u = rng.NextDouble();
            Assert.True(u >= 0.0 && u < 1.0, $"draw {i} is {u}");
            sum += u;
            sum2 += u * u;
            min = Math.Min(min, u);
            max = Math.Max(max, u);
        }
        // Mean ½ with standard error 1/√(12·2e5) ≈ 6.5e-4; E[u²] = ⅓ with standard error ≈ 6.7e-4. Tolerance 5σ.
        Assert.InRange(sum / draws, 0.5 - 0.0033, 0.5 + 0.0033);
        Assert.InRange(sum2 / draws, 1.0 / 3 - 0.0034, 1.0 / 3 + 0.0034);
        Assert.True(min < 1e-3 && max > 1 - 1e-3, $"range [{min}, {max}] does not fill [0, 1)");
    }

    [Fact]
    public void NextBool_IsFair()
    {
        var rng = new Rng(6);
        const int draws = 100_000;
        int trues = 0;
        for (int i = 0; i < draws; i++)
        {
            if (rng.NextBool()) trues++;
        }
        Assert.InRange(trues, draws / 2 - 790, draws / 2 + 790);
    }

    [Fact]
    public void NextGaussian_HasZeroMeanUnitVariance()
    {
        var rng = new Rng(3);
        double s = 0, s2 = 0;
        const int n = 200_000;
        for (int i = 0; i < n; i++)
        {
            double z = rng.NextGaussian();
            Assert.True(double.IsFinite(z));
            s += z;
            s2 += z * z;
        }
        // Standard errors: mean 2.2e-3, second moment 3.2e-3; tolerance about 5σ.
        Assert.InRange(s / n, -0.011, 0.011);
        Assert.InRange(s2 / n, 0.984, 1.016);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(500)]
    public void Shuffle_IsAPermutation(int length)
    {
        int[] items = [.. Enumerable.Range(0, length)];
        new Rng(4).Shuffle(items.AsSpan());
        Assert.Equal(Enumerable.Range(0, length), items.Order());
        if (length >= 500) Assert.NotEqual(Enumerable.Range(0, length), items);
    }

    [Fact]
    public void Shuffle_OfThreeItems_GivesAllSixOrdersEvenly()
    {
        var rng = new Rng(9);
        var counts = new Dictionary<string, int>();
        const int trials = 60_000;
        for (int t = 0; t < trials; t++)
        {
            char[] items = ['a', 'b', 'c'];
            rng.Shuffle(items.AsSpan());
            string key = new(items);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        Assert.Equal(6, counts.Count);
        double expected = trials / 6.0;
        double chi2 = counts.Values.Sum(c => (c - expected) * (c - expected) / expected);
        // 5 degrees of freedom: P(χ² > 20.52) = 0.001.
        Assert.True(chi2 < 20.52, $"χ² = {chi2:F2}");
    }

    [Fact]
    public void Shuffle_SameSeed_SameOrder()
    {
        int[] a = [.. Enumerable.Range(0, 100)];
        int[] b = [.. Enumerable.Range(0, 100)];
        new Rng(10).Shuffle(a.AsSpan());
        new Rng(10).Shuffle(b.AsSpan());
        Assert.Equal(a, b);
    }
}
