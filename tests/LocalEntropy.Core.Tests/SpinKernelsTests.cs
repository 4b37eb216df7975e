using LocalEntropy.Numerics;

namespace LocalEntropy.Core.Tests;

public class SpinKernelsTests
{
    public static TheoryData<int> Sizes => [1, 2, 63, 64, 65, 127, 128, 129, 200, 255, 256, 257, 1001, 1024];

    private static sbyte[] RandomSpins(int n, Rng rng) => [.. Enumerable.Range(0, n).Select(_ => (sbyte)(rng.NextBool() ? 1 : -1))];

    private static int HammingScalar(sbyte[] a, sbyte[] b) => Enumerable.Range(0, a.Length).Count(i => a[i] != b[i]);

    private static ulong[] Packed(sbyte[] spins)
    {
        var words = new ulong[SpinKernels.WordCount(spins.Length)];
        SpinKernels.Pack(spins, words);
        return words;
    }

    private static void AssertTailClear(SpinVector v)
    {
        if (v.Length == 0) return;
        Assert.Equal(SpinKernels.WordCount(v.Length), v.Words.Length);
        Assert.Equal(0UL, v.Words[^1] & ~SpinKernels.TailMask(v.Length));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(63, 1)]
    [InlineData(64, 1)]
    [InlineData(65, 2)]
    [InlineData(1001, 16)]
    [InlineData(1024, 16)]
    public void WordCount_RoundsUpToWholeWords(int n, int words) => Assert.Equal(words, SpinKernels.WordCount(n));

    [Theory]
    [MemberData(nameof(Sizes))]
    public void TailMask_HasExactlyTheValidBitsOfTheLastWord(int n)
    {
        int valid = n - 64 * (SpinKernels.WordCount(n) - 1);
        Assert.Equal(valid, System.Numerics.BitOperations.PopCount(SpinKernels.TailMask(n)));
        Assert.Equal(1UL, SpinKernels.TailMask(n) & 1);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void PackedDotAndHamming_EqualScalarReference(int n)
    {
        var rng = new Rng((ulong)n);
        for (int trial = 0; trial < 30; trial++)
        {
            sbyte[] a = RandomSpins(n, rng), b = RandomSpins(n, rng);
            ulong[] pa = Packed(a), pb = Packed(b);
            int scalar = SpinKernels.DotScalar(a, b);
            Assert.Equal(scalar, SpinKernels.Dot(pa, pb, n));
            Assert.Equal(HammingScalar(a, b), SpinKernels.Hamming(pa, pb));
            var va = SpinVector.FromSpins(a);
            var vb = SpinVector.FromSpins(b);
            Assert.Equal(scalar, va.Dot(vb));
            Assert.Equal(HammingScalar(a, b), va.Hamming(vb));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void PackedDot_ExtremeVectors_GivePlusMinusN(int n)
    {
        var plus = SpinVector.FromSpins([.. Enumerable.Repeat((sbyte)1, n)]);
        var minus = new SpinVector(n);
        Assert.Equal(n, plus.Dot(plus));
        Assert.Equal(n, minus.Dot(minus));
        Assert.Equal(-n, plus.Dot(minus));
        Assert.Equal(n, plus.Hamming(minus));
    }

    [Fact]
    public void PackedDot_RandomSizes_EqualScalarReference()
    {
        var rng = new Rng(99);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = 1 + rng.NextInt(3000);
            sbyte[] a = RandomSpins(n, rng), b = RandomSpins(n, rng);
            Assert.Equal(SpinKernels.DotScalar(a, b), SpinKernels.Dot(Packed(a), Packed(b), n));
            Assert.Equal(HammingScalar(a, b), SpinKernels.Hamming(Packed(a), Packed(b)));
        }
    }

    [Fact]
    public void Hamming_DifferentWordCounts_Throws() =>
        Assert.Throws<ArgumentException>(() => SpinKernels.Hamming(new ulong[2], new ulong[3]));

    [Fact]
    public void DotScalar_DifferentLengths_Throws() =>
        Assert.Throws<ArgumentException>(() => SpinKernels.DotScalar(new sbyte[] { 1, 1 }, new sbyte[] { 1 }));

    [Theory]
    [MemberData(nameof(Sizes))]
    public void CountFar_EqualsPerRowHammingCount(int n)
    {
        var rng = new Rng(5);
        var v = SpinVector.Random(n, rng);
        SpinVector[] rows = [.. Enumerable.Range(0, 77).Select(_ => SpinVector.Random(n, rng))];
        ulong[] store = [.. rows.SelectMany(r => r.Words.ToArray())];
        foreach (int limit in new[] { 0, 1, n / 2, (n + 1) / 2, n / 2 + 1, n, n + 1 })
        {
            int expected = rows.Count(r => HammingScalar(v.ToSpins(), r.ToSpins()) >= limit);
            Assert.Equal(expected, SpinKernels.CountFar(v.Words, store, limit));
        }
    }

    [Fact]
    public void CountFar_RejectsEmptyVectorAndRaggedStore()
    {
        Assert.Throws<ArgumentException>(() => SpinKernels.CountFar(ReadOnlySpan<ulong>.Empty, new ulong[4], 1));
        Assert.Throws<ArgumentException>(() => SpinKernels.CountFar(new ulong[2], new ulong[5], 1));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void PackUnpack_RoundTrips(int n)
    {
        var rng = new Rng(11);
        sbyte[] spins = RandomSpins(n, rng);
        ulong[] words = Packed(spins);
        var back = new sbyte[n];
        SpinKernels.Unpack(words, back);
        Assert.Equal(spins, back);
        Assert.Equal(spins.Count(s => s == 1), SpinKernels.PopCount(words));
        for (int i = 0; i < n; i++) Assert.Equal(spins[i] == 1, ((words[i >> 6] >> (i & 63)) & 1) == 1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-2)]
    [InlineData(127)]
    public void Pack_RejectsValuesOtherThanPlusMinusOne(int bad)
    {
        sbyte[] spins = [1, -1, 1, (sbyte)bad, -1];
        var e = Assert.Throws<ArgumentException>(() => SpinKernels.Pack(spins, new ulong[1]));
        Assert.Contains("spin 3", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SpinVector.FromSpins(spins));
    }

    [Fact]
    public void Pack_WrongBufferLength_Throws() =>
        Assert.Throws<ArgumentException>(() => SpinKernels.Pack(new sbyte[65], new ulong[1]));

    [Theory]
    [MemberData(nameof(Sizes))]
    public void TailBits_StayZero_AfterRandomFromSpinsFlipAndSet(int n)
    {
        var rng = new Rng(12);
        for (int trial = 0; trial < 20; trial++) AssertTailClear(SpinVector.Random(n, rng));
        var v = SpinVector.FromSpins(RandomSpins(n, rng));
        AssertTailClear(v);
        for (int i = 0; i < n; i++) v.Flip(i);
        AssertTailClear(v);
        for (int k = 0; k < 1000; k++) v.Flip(rng.NextInt(n));
        AssertTailClear(v);
        for (int i = 0; i < n; i++) v[i] = 1;
        AssertTailClear(v);
        Assert.Equal(n, SpinKernels.PopCount(v.Words));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Flip_EveryPosition_NegatesExactlyThatSpin(int n)
    {
        var rng = new Rng(13);
        var v = SpinVector.Random(n, rng);
        sbyte[] before = v.ToSpins();
        int j = rng.NextInt(n);
        v.Flip(j);
        sbyte[] after = v.ToSpins();
        for (int i = 0; i < n; i++) Assert.Equal(i == j ? -before[i] : before[i], after[i]);
        Assert.Equal(n - 2, v.Dot(SpinVector.FromSpins(before)));
    }

    [Fact]
    public void Random_IsBalancedAndSeeded()
    {
        var a = SpinVector.Random(100_000, new Rng(1));
        Assert.Equal(a, SpinVector.Random(100_000, new Rng(1)));
        Assert.NotEqual(a, SpinVector.Random(100_000, new Rng(2)));
        // Binomial(1e5, ½): σ ≈ 158; allow 5σ.
        Assert.InRange(SpinKernels.PopCount(a.Words), 50_000 - 790, 50_000 + 790);
    }

    [Fact]
    public void Indexer_SetAndGet()
    {
        var v = new SpinVector(130);
        Assert.All(Enumerable.Range(0, 130), i => Assert.Equal(-1, v[i]));
        int[] plus = [0, 3, 63, 64, 65, 127, 128, 129];
        foreach (int i in plus) v[i] = 1;
        for (int i = 0; i < 130; i++) Assert.Equal(plus.Contains(i) ? 1 : -1, v[i]);
        v[64] = 1;
        Assert.Equal(1, v[64]);
        v[64] = -1;
        Assert.Equal(-1, v[64]);
        v[0] = -1;
        Assert.Equal(-1, v[0]);
        Assert.Equal(plus.Length - 2, SpinKernels.PopCount(v.Words));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-2)]
    public void Indexer_SetNonSpinValue_Throws(int value)
    {
        var v = new SpinVector(10);
        Assert.Throws<ArgumentOutOfRangeException>(() => v[5] = value);
        Assert.Equal(-1, v[5]);
    }

    [Fact]
    public void Indexer_SetPastLengthInsideLastWord_ThrowsAndKeepsTailClear()
    {
        // Bits 70..127 are padding of a 70-spin vector; writing one would make every packed kernel wrong.
        var v = new SpinVector(70);
        Exception? e = Record.Exception(() => v[70] = 1);
        AssertTailClear(v);
        Assert.True(e is ArgumentOutOfRangeException or IndexOutOfRangeException,
            $"v[70] = 1 on a 70-spin vector should throw, got {e?.GetType().Name ?? "no exception"}");
    }

    [Fact]
    public void Flip_PastLengthInsideLastWord_ThrowsAndKeepsTailClear()
    {
        var v = new SpinVector(70);
        var u = new SpinVector(70);
        Exception? e = Record.Exception(() => v.Flip(100));
        Assert.Equal(70, v.Dot(u));
        Assert.True(e is ArgumentOutOfRangeException or IndexOutOfRangeException,
            $"Flip(100) on a 70-spin vector should throw, got {e?.GetType().Name ?? "no exception"}");
    }

    [Fact]
    public void Equals_ComparesLengthAndSpins()
    {
        var rng = new Rng(14);
        var a = SpinVector.Random(100, rng);
        var b = SpinVector.FromSpins(a.ToSpins());
        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        b.Flip(99);
        Assert.False(a.Equals(b));
        Assert.False(a.Equals(null));
        Assert.False(new SpinVector(64).Equals(new SpinVector(63)));
        Assert.False(a.Equals((object)"not a vector"));
    }

    [Fact]
    public void Clone_IsDeepAndEqual()
    {
        var a = SpinVector.Random(77, new Rng(15));
        SpinVector c = a.Clone();
        Assert.Equal(a, c);
        c.Flip(5);
        Assert.NotEqual(a, c);
        Assert.Equal(a.Length, c.Length);
    }

    [Fact]
    public void CopyFrom_OverwritesAndDoesNotAlias()
    {
        var rng = new Rng(16);
        var a = SpinVector.Random(77, rng);
        var b = SpinVector.Random(77, rng);
        Assert.NotEqual(a, b);
        b.CopyFrom(a);
        Assert.Equal(a, b);
        a.Flip(0);
        Assert.NotEqual(a, b);
        Assert.Throws<ArgumentException>(() => b.CopyFrom(new SpinVector(78)));
    }

    [Fact]
    public void LengthMismatch_InDotAndHamming_Throws()
    {
        var v = new SpinVector(70);
        Assert.Throws<ArgumentException>(() => v.Dot(new SpinVector(71)));
        Assert.Throws<ArgumentException>(() => v.Hamming(new SpinVector(69)));
    }

    [Fact]
    public void ToPlusMinus_WritesOneCharacterPerSpin()
    {
        Assert.Equal("+---+", SpinVector.FromSpins([1, -1, -1, -1, 1]).ToPlusMinus());
        Assert.Equal(string.Empty, new SpinVector(0).ToPlusMinus());
        var v = SpinVector.Random(200, new Rng(17));
        string s = v.ToPlusMinus();
        Assert.Equal(200, s.Length);
        for (int i = 0; i < 200; i++) Assert.Equal(v[i] > 0 ? '+' : '-', s[i]);
    }

    [Fact]
    public void Constructor_NegativeLength_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpinVector(-1));

    [Theory]
    [MemberData(nameof(Sizes))]
    public void AddSigned_EqualsScalarReferenceAndLeavesOnlyPaddingDifferent(int n)
    {
        var rng = new Rng((ulong)n + 500);
        int padded = SpinKernels.WordCount(n) * 64;
        float[] packed = [.. Enumerable.Range(0, padded).Select(_ => (float)(rng.NextDouble() * 4 - 2))];
        float[] scalar = (float[])packed.Clone(), wide = (float[])packed.Clone(), narrow = (float[])packed.Clone();
        for (int trial = 0; trial < 5; trial++)
        {
            float a = (float)(rng.NextDouble() * 3 - 1);
            sbyte[] x = RandomSpins(n, rng);
            SpinKernels.AddSigned(a, Packed(x), packed);
            // Both vector widths run whether or not the hardware accelerates them.
            SpinKernels.AddSigned512(a, Packed(x), wide);
            SpinKernels.AddSigned256(a, Packed(x), narrow);
            SpinKernels.AddSignedScalar(a, x, scalar);
        }
        // Bit for bit: adding ±a is what a·x does for x = ±1.
        foreach (float[] v in new[] { packed, wide, narrow }) Assert.Equal(scalar.AsSpan(0, n).ToArray(), v.AsSpan(0, n).ToArray());
        Assert.Throws<ArgumentException>(() => SpinKernels.AddSigned(1, Packed(RandomSpins(n, rng)), new float[padded + 1]));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void PopCountAnd_EqualsTheCountByDefinition(int n)
    {
        var rng = new Rng((ulong)n + 900);
        // Long enough for the vector kernel's flush of its byte counters (every 16 chunks of 8 words).
        foreach (int length in new[] { n, 40 * n })
        {
            sbyte[] a = RandomSpins(length, rng), b = RandomSpins(length + 70, rng);
            foreach (bool flip in new[] { false, true })
            {
                // Bit 1 is +1: a AND (b XOR flip) counts where a = +1 and b = +1 (or b = −1 when flipped).
                int expected = Enumerable.Range(0, length).Count(i => a[i] > 0 && (b[i] > 0) != flip);
                ulong mask = flip ? ulong.MaxValue : 0;
                ulong[] pa = Packed(a), pb = Packed(b);
                Assert.Equal(expected, SpinKernels.PopCountAndScalar(pa, pb, mask));
                if (System.Runtime.Intrinsics.X86.Avx512BW.IsSupported) Assert.Equal(expected, SpinKernels.PopCountAndAvx512(pa, pb, mask));
                Assert.Equal(expected, SpinKernels.PopCountAnd(pa, pb, mask));
            }
        }
    }
}
