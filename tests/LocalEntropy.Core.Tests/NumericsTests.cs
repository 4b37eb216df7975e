using LocalEntropy.Numerics;

namespace LocalEntropy.Core.Tests;

public class RngTests
{
    [Fact]
    public void SameSeed_GivesSameStream_DifferentSeedDiffers()
    {
        var a = new Rng(42);
        var b = new Rng(42);
        var c = new Rng(43);
        ulong[] sa = [.. Enumerable.Range(0, 100).Select(_ => a.NextULong())];
        ulong[] sb = [.. Enumerable.Range(0, 100).Select(_ => b.NextULong())];
        ulong[] sc = [.. Enumerable.Range(0, 100).Select(_ => c.NextULong())];
        Assert.Equal(sa, sb);
        Assert.NotEqual(sa, sc);
    }

    [Fact]
    public void Fork_DependsOnSeedAndStreamOnly()
    {
        var used = new Rng(7);
        for (int i = 0; i < 1000; i++) used.NextULong();
        var fresh = new Rng(7);
        Rng f3 = fresh.Fork(3);
        Rng f1 = fresh.Fork(1);
        Assert.Equal(used.Fork(1).NextULong(), f1.NextULong());
        Assert.Equal(used.Fork(3).NextULong(), f3.NextULong());
        Assert.NotEqual(new Rng(7).Fork(1).NextULong(), new Rng(7).Fork(2).NextULong());
        Assert.NotEqual(new Rng(7).Fork(0).NextULong(), new Rng(7).NextULong());
    }

    [Fact]
    public void NextInt_IsInRangeAndUniform()
    {
        var rng = new Rng(1);
        const int bins = 10, draws = 100_000;
        var counts = new int[bins];
        for (int i = 0; i < draws; i++) counts[rng.NextInt(bins)]++;
        double expected = (double)draws / bins;
        double chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        // 9 degrees of freedom: P(χ² > 27.9) = 0.001.
        Assert.True(chi2 < 27.9, $"χ² = {chi2}");
    }

    [Fact]
    public void NextDouble_InUnitInterval_WithMeanOneHalf()
    {
        var rng = new Rng(2);
        double sum = 0;
        for (int i = 0; i < 100_000; i++)
        {
            double u = rng.NextDouble();
            Assert.InRange(u, 0.0, 0.9999999999999999);
            sum += u;
        }
        // Standard error of the mean: 1/√(12·10⁵) ≈ 0.0009.
        Assert.InRange(sum / 100_000, 0.496, 0.504);
    }

    [Fact]
    public void NextGaussian_HasUnitVariance()
    {
        var rng = new Rng(3);
        double s = 0, s2 = 0;
        const int n = 200_000;
        for (int i = 0; i < n; i++)
        {
            double z = rng.NextGaussian();
            s += z;
            s2 += z * z;
        }
        Assert.InRange(s / n, -0.01, 0.01);
        Assert.InRange(s2 / n, 0.98, 1.02);
    }

    [Fact]
    public void Shuffle_IsAPermutation()
    {
        int[] items = [.. Enumerable.Range(0, 500)];
        new Rng(4).Shuffle(items.AsSpan());
        Assert.Equal(Enumerable.Range(0, 500), items.Order());
        Assert.NotEqual(Enumerable.Range(0, 500), items);
    }
}

public class SpinKernelsTests
{
    public static TheoryData<int> Sizes => [1, 2, 63, 64, 65, 127, 128, 129, 200, 1001, 1024];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void PackedDotAndHamming_EqualScalarReference(int n)
    {
        var rng = new Rng((ulong)n);
        for (int trial = 0; trial < 20; trial++)
        {
            var a = SpinVector.Random(n, rng);
            var b = SpinVector.Random(n, rng);
            sbyte[] da = a.ToSpins(), db = b.ToSpins();
            int scalar = SpinKernels.DotScalar(da, db);
            Assert.Equal(scalar, a.Dot(b));
            Assert.Equal((n - scalar) / 2, a.Hamming(b));
        }
    }

    [Fact]
    public void PackedDot_RandomSizes_EqualScalarReference()
    {
        var rng = new Rng(99);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = 1 + rng.NextInt(2000);
            var a = SpinVector.Random(n, rng);
            var b = SpinVector.Random(n, rng);
            Assert.Equal(SpinKernels.DotScalar(a.ToSpins(), b.ToSpins()), a.Dot(b));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void CountFar_EqualsPerRowHammingCount(int n)
    {
        var rng = new Rng(5);
        var v = SpinVector.Random(n, rng);
        var rows = Enumerable.Range(0, 77).Select(_ => SpinVector.Random(n, rng)).ToArray();
        ulong[] store = [.. rows.SelectMany(r => r.Words.ToArray())];
        foreach (int limit in new[] { 0, 1, n / 2, (n + 1) / 2, n, n + 1 })
        {
            int expected = rows.Count(r => SpinKernels.DotScalar(v.ToSpins(), r.ToSpins()) is var d && (n - d) / 2 >= limit);
            Assert.Equal(expected, SpinKernels.CountFar(v.Words, store, limit));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void PackUnpack_RoundTrips_AndTailBitsStayZero(int n)
    {
        var rng = new Rng(11);
        sbyte[] spins = [.. Enumerable.Range(0, n).Select(_ => (sbyte)(rng.NextBool() ? 1 : -1))];
        var v = SpinVector.FromSpins(spins);
        Assert.Equal(spins, v.ToSpins());
        for (int i = 0; i < n; i++) v.Flip(i);
        ulong tail = v.Words[^1] & ~SpinKernels.TailMask(n);
        Assert.Equal(0UL, tail);
        Assert.Equal(0UL, SpinVector.Random(n, rng).Words[^1] & ~SpinKernels.TailMask(n));
        Assert.Equal(spins.Select(s => (sbyte)-s), v.ToSpins());
    }

    [Fact]
    public void Pack_RejectsValuesOtherThanPlusMinusOne()
    {
        Assert.Throws<ArgumentException>(() => SpinVector.FromSpins([1, 0, -1]));
        Assert.Throws<ArgumentException>(() => SpinVector.FromSpins([1, 2]));
    }

    [Fact]
    public void Indexer_SetGetAndCopies()
    {
        var v = new SpinVector(70);
        Assert.All(Enumerable.Range(0, 70), i => Assert.Equal(-1, v[i]));
        v[69] = 1;
        v[3] = 1;
        Assert.Equal(1, v[69]);
        Assert.Throws<ArgumentOutOfRangeException>(() => v[5] = 0);
        SpinVector c = v.Clone();
        Assert.Equal(v, c);
        c.Flip(0);
        Assert.NotEqual(v, c);
        v.CopyFrom(c);
        Assert.Equal(c, v);
        Assert.Equal("+---+", SpinVector.FromSpins([1, -1, -1, -1, 1]).ToPlusMinus());
        Assert.Throws<ArgumentException>(() => v.Dot(new SpinVector(71)));
    }
}

public class RampTests
{
    [Fact]
    public void Geometric_HitsEndsAndMidpointGeometricMean()
    {
        var r = Ramp.Geometric(0.02, 2.0);
        Assert.Equal(0.02, r.At(0), 12);
        Assert.Equal(2.0, r.At(1), 12);
        Assert.Equal(0.2, r.At(0.5), 12);
        Assert.Equal(2.0, r.At(7), 12);
    }

    [Fact]
    public void Linear_AndValidation()
    {
        Assert.Equal(1.5, Ramp.Linear(1, 2).At(0.5), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => Ramp.Geometric(0, 1).Validate("Beta"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ramp.Linear(double.NaN, 1).Validate("Beta"));
    }
}
