using LocalEntropy.Numerics;

namespace LocalEntropy.Core.Tests;

public class PackedProductTests
{
    private static double[] RandomValues(int n, Rng rng) => [.. Enumerable.Range(0, n).Select(_ => rng.NextGaussian())];

    private static ulong[] RandomBits(int words, Rng rng) => [.. Enumerable.Range(0, words).Select(_ => rng.NextULong())];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(200)]
    [InlineData(1001)]
    public void SignedSum_MatchesScalarReferenceAndSpinLoop(int n)
    {
        var rng = new Rng((ulong)n + 1);
        double[] x = RandomValues(n, rng);
        // Bits past n must be ignored: fill them too.
        ulong[] bits = RandomBits(SpinKernels.WordCount(n) + 1, rng);
        double expected = 0;
        for (int i = 0; i < n; i++) expected += (((bits[i >> 6] >> (i & 63)) & 1) == 1 ? 1 : -1) * x[i];
        Assert.Equal(expected, PackedProduct.SignedSumScalar(bits, x), 1e-9);
        Assert.Equal(expected, PackedProduct.SignedSum(bits, x), 1e-9);
    }

    [Fact]
    public void Multiply_IsBitIdenticalForOneAndTwoThreads_AndMatchesRowSums()
    {
        var rng = new Rng(5);
        int rows = 1000, columns = 333, words = SpinKernels.WordCount(columns);
        ulong[] bits = RandomBits(rows * words, rng);
        ulong tail = SpinKernels.TailMask(columns);
        for (int r = 0; r < rows; r++) bits[r * words + words - 1] &= tail;
        double[] x = RandomValues(columns, rng);
        double[] one = new double[rows], two = new double[rows];
        PackedProduct.Multiply(bits, words, x, one, threads: 1);
        PackedProduct.Multiply(bits, words, x, two, threads: 2);
        Assert.Equal(one, two);
        for (int r = 0; r < rows; r++) Assert.Equal(PackedProduct.SignedSumScalar(bits.AsSpan(r * words, words), x), one[r], 1e-9);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(64, 64)]
    [InlineData(130, 77)]
    [InlineData(5, 300)]
    public void Transpose_MovesEveryBitAndKeepsPaddingZero(int rowCount, int columns)
    {
        var rng = new Rng(9);
        int inWords = SpinKernels.WordCount(columns), outWords = SpinKernels.WordCount(rowCount);
        ulong[] rows = RandomBits(rowCount * inWords, rng);
        for (int r = 0; r < rowCount; r++) rows[r * inWords + inWords - 1] &= SpinKernels.TailMask(columns);
        var transposed = new ulong[columns * outWords];
        PackedProduct.Transpose(rows, rowCount, columns, transposed);
        for (int r = 0; r < rowCount; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                ulong bit = (rows[r * inWords + (c >> 6)] >> (c & 63)) & 1;
                Assert.Equal(bit, (transposed[c * outWords + (r >> 6)] >> (r & 63)) & 1);
            }
        }
        for (int c = 0; c < columns; c++) Assert.Equal(0UL, transposed[c * outWords + outWords - 1] & ~SpinKernels.TailMask(rowCount));
    }
}
