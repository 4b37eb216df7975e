using System.Runtime.Intrinsics.X86;
using LocalEntropy.Numerics;

namespace LocalEntropy.Core.Tests;

public class CountFarKernelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(513)]
    [InlineData(1001)]
    [InlineData(1100)]
    [InlineData(9000)]
    [InlineData(20_000)]
    public void ScalarAndAvx512Kernels_AgreeWithPerRowHamming(int n)
    {
        var rng = new Rng((ulong)n);
        var v = SpinVector.Random(n, rng);
        SpinVector[] rows = [.. Enumerable.Range(0, 23).Select(_ => SpinVector.Random(n, rng))];
        // Rows close to v as well, so the count is not always 0 or all.
        for (int r = 0; r < 5; r++)
        {
            rows[r] = v.Clone();
            for (int k = 0; k < r * n / 8; k++) rows[r].Flip(rng.NextInt(n));
        }
        ulong[] store = [.. rows.SelectMany(r => r.Words.ToArray())];
        foreach (int limit in new[] { 0, 1, n / 8, n / 2, (n + 1) / 2, n })
        {
            int expected = rows.Count(r => r.Hamming(v) >= limit);
            Assert.Equal(expected, SpinKernels.CountFarScalar(v.Words, store, limit));
            if (Avx512BW.IsSupported && v.Words.Length >= 8) Assert.Equal(expected, SpinKernels.CountFarAvx512(v.Words, store, limit));
            Assert.Equal(expected, SpinKernels.CountFar(v.Words, store, limit));
        }
    }
}
