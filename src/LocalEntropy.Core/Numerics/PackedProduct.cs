using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LocalEntropy.Numerics;

/// <summary>
/// Products of bit-packed ±1 matrices (bit 1 = +1) with real vectors, y_r = Σ_i s_{ri} x_i, and the bit transpose
/// that gives the other orientation. Focusing AMP needs both products of an N·P pattern matrix every iteration
/// without storing N·P reals. Each row's sum is computed by one thread in a fixed order, so the result is the same
/// for any thread count.
/// </summary>
public static class PackedProduct
{
    // Rows per parallel work item: large enough to amortise scheduling, small enough to balance two cores.
    private const int RowsPerChunk = 256;

    // SignTable512[8b..8b+7] = the ±1.0 lanes of byte b (lane k is +1 when bit k is set); 16 KB, stays in L1.
    private static readonly double[] SignTable512 = BuildSignTable(8);

    // The same for nibbles and Vector256 (AVX2 without AVX-512).
    private static readonly double[] SignTable256 = BuildSignTable(4);

    private static double[] BuildSignTable(int bits)
    {
        var table = new double[(1 << bits) * bits];
        for (int b = 0; b < 1 << bits; b++)
        {
            for (int k = 0; k < bits; k++) table[b * bits + k] = ((b >> k) & 1) != 0 ? 1.0 : -1.0;
        }
        return table;
    }

    /// <summary>
    /// Σ_i s_i x_i over i &lt; <paramref name="x"/>.Length, with s_i = +1 where bit i of <paramref name="bits"/> is set
    /// and −1 elsewhere. Each group of 8 (or 4) bits selects a row of ±1.0 lanes from a table, multiplied into the
    /// matching lanes of x with a fused multiply-add; eight accumulators hide the FMA latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SignedSum(ReadOnlySpan<ulong> bits, ReadOnlySpan<double> x)
    {
        int n = x.Length;
        if (bits.Length < SpinKernels.WordCount(n)) throw new ArgumentException($"{bits.Length} words cannot hold {n} signs", nameof(bits));
        int full = n >> 6;
        double sum = 0;
        ref double xr = ref MemoryMarshal.GetReference(x);
        if (Vector512.IsHardwareAccelerated)
        {
            ref double table = ref MemoryMarshal.GetArrayDataReference(SignTable512);
            Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            for (int w = 0; w < full; w++)
            {
                ulong word = bits[w];
                ref double xw = ref Unsafe.Add(ref xr, w << 6);
                a0 = Vector512.FusedMultiplyAdd(Lanes512(ref table, word), Vector512.LoadUnsafe(ref xw), a0);
                a1 = Vector512.FusedMultiplyAdd(Lanes512(ref table, word >> 8), Vector512.LoadUnsafe(ref xw, 8), a1);
                a2 = Vector512.FusedMultiplyAdd(Lanes512(ref table, word >> 16), Vector512.LoadUnsafe(ref xw, 16), a2);
                a3 = Vector512.FusedMultiplyAdd(Lanes512(ref table, word >> 24), Vector512.LoadUnsafe(ref xw, 24), a3);
                a4 = Vector512.FusedMultiplyAdd(Lanes512(ref table, word >> 32), Vector512.LoadUnsafe(ref xw, 32), a4);
                a5 = Vector512.FusedMultiplyAdd(Lanes512(ref table, word >> 40), Vector512.LoadUnsafe(ref xw, 40), a5);
                a6 = Vector512.FusedMultiplyAdd(Lanes512(ref table, word >> 48), Vector512.LoadUnsafe(ref xw, 48), a6);
                a7 = Vector512.FusedMultiplyAdd(Lanes512(ref table, word >> 56), Vector512.LoadUnsafe(ref xw, 56), a7);
            }
            sum = Vector512.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)));
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            ref double table = ref MemoryMarshal.GetArrayDataReference(SignTable256);
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int w = 0; w < full; w++)
            {
                ulong word = bits[w];
                ref double xw = ref Unsafe.Add(ref xr, w << 6);
                for (int k = 0; k < 64; k += 16)
                {
                    a0 = Vector256.FusedMultiplyAdd(Lanes256(ref table, word >> k), Vector256.LoadUnsafe(ref xw, (nuint)k), a0);
                    a1 = Vector256.FusedMultiplyAdd(Lanes256(ref table, word >> (k + 4)), Vector256.LoadUnsafe(ref xw, (nuint)(k + 4)), a1);
                    a2 = Vector256.FusedMultiplyAdd(Lanes256(ref table, word >> (k + 8)), Vector256.LoadUnsafe(ref xw, (nuint)(k + 8)), a2);
                    a3 = Vector256.FusedMultiplyAdd(Lanes256(ref table, word >> (k + 12)), Vector256.LoadUnsafe(ref xw, (nuint)(k + 12)), a3);
                }
            }
            sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        else
        {
            full = 0;
        }
        for (int i = full << 6; i < n; i++) sum += ((bits[i >> 6] >> (i & 63)) & 1) != 0 ? x[i] : -x[i];
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Lanes512(ref double table, ulong bits) => Vector512.LoadUnsafe(ref table, (nuint)((bits & 0xFF) << 3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Lanes256(ref double table, ulong bits) => Vector256.LoadUnsafe(ref table, (nuint)((bits & 0xF) << 2));

    /// <summary>Scalar reference for <see cref="SignedSum"/>: one sign test and add per element.</summary>
    public static double SignedSumScalar(ReadOnlySpan<ulong> bits, ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++) sum += ((bits[i >> 6] >> (i & 63)) & 1) != 0 ? x[i] : -x[i];
        return sum;
    }

    /// <summary>
    /// y_r = Σ_i s_{ri} x_i for every row r of <paramref name="rows"/> (each <paramref name="wordsPerRow"/> words),
    /// split into fixed chunks of rows shared by up to <paramref name="threads"/> threads; the result does not depend
    /// on <paramref name="threads"/>.
    /// </summary>
    public static void Multiply(ReadOnlyMemory<ulong> rows, int wordsPerRow, ReadOnlyMemory<double> x, Memory<double> y, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (wordsPerRow < SpinKernels.WordCount(x.Length)) throw new ArgumentException($"rows of {wordsPerRow} words cannot hold {x.Length} signs", nameof(wordsPerRow));
        if ((long)y.Length * wordsPerRow != rows.Length) throw new ArgumentException($"{rows.Length} words are not {y.Length} rows of {wordsPerRow}", nameof(rows));
        int chunks = (y.Length + RowsPerChunk - 1) / RowsPerChunk;
        if (threads == 1 || chunks == 1)
        {
            MultiplyRows(rows.Span, wordsPerRow, x.Span, y.Span, 0, y.Length);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, chunk =>
        {
            int start = chunk * RowsPerChunk;
            MultiplyRows(rows.Span, wordsPerRow, x.Span, y.Span, start, Math.Min(y.Length, start + RowsPerChunk));
        });
    }

    private static void MultiplyRows(ReadOnlySpan<ulong> rows, int wordsPerRow, ReadOnlySpan<double> x, Span<double> y, int start, int end)
    {
        int r = start;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; r + 4 <= end; r += 4) SignedSums4(rows.Slice(r * wordsPerRow, 4 * wordsPerRow), wordsPerRow, x, y.Slice(r, 4));
        }
        for (; r < end; r++) y[r] = SignedSum(rows.Slice(r * wordsPerRow, wordsPerRow), x);
    }

    /// <summary>
    /// <see cref="SignedSum"/> of four consecutive rows at once: each load of x serves four rows, so the loop needs
    /// 1¼ loads per fused multiply-add instead of 2. Each row keeps four accumulators (lanes of bytes k and k + 4 of
    /// a word share one), so the rounding differs slightly from <see cref="SignedSum"/>, but not between runs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SignedSums4(ReadOnlySpan<ulong> rows, int wordsPerRow, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length, full = n >> 6;
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double table = ref MemoryMarshal.GetArrayDataReference(SignTable512);
        ref ulong r0 = ref MemoryMarshal.GetReference(rows);
        ref ulong r1 = ref Unsafe.Add(ref r0, wordsPerRow), r2 = ref Unsafe.Add(ref r1, wordsPerRow), r3 = ref Unsafe.Add(ref r2, wordsPerRow);
        Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        Vector512<double> c0 = default, c1 = default, c2 = default, c3 = default, d0 = default, d1 = default, d2 = default, d3 = default;
        for (int w = 0; w < full; w++)
        {
            ulong wa = Unsafe.Add(ref r0, w), wb = Unsafe.Add(ref r1, w), wc = Unsafe.Add(ref r2, w), wd = Unsafe.Add(ref r3, w);
            ref double xw = ref Unsafe.Add(ref xr, w << 6);
            for (int k = 0; k < 2; k++, wa >>= 32, wb >>= 32, wc >>= 32, wd >>= 32, xw = ref Unsafe.Add(ref xw, 32))
            {
                Vector512<double> x0 = Vector512.LoadUnsafe(ref xw), x1 = Vector512.LoadUnsafe(ref xw, 8);
                Vector512<double> x2 = Vector512.LoadUnsafe(ref xw, 16), x3 = Vector512.LoadUnsafe(ref xw, 24);
                a0 = Vector512.FusedMultiplyAdd(Lanes512(ref table, wa), x0, a0);
                b0 = Vector512.FusedMultiplyAdd(Lanes512(ref table, wb), x0, b0);
                c0 = Vector512.FusedMultiplyAdd(Lanes512(ref table, wc), x0, c0);
                d0 = Vector512.FusedMultiplyAdd(Lanes512(ref table, wd), x0, d0);
                a1 = Vector512.FusedMultiplyAdd(Lanes512(ref table, wa >> 8), x1, a1);
                b1 = Vector512.FusedMultiplyAdd(Lanes512(ref table, wb >> 8), x1, b1);
                c1 = Vector512.FusedMultiplyAdd(Lanes512(ref table, wc >> 8), x1, c1);
                d1 = Vector512.FusedMultiplyAdd(Lanes512(ref table, wd >> 8), x1, d1);
                a2 = Vector512.FusedMultiplyAdd(Lanes512(ref table, wa >> 16), x2, a2);
                b2 = Vector512.FusedMultiplyAdd(Lanes512(ref table, wb >> 16), x2, b2);
                c2 = Vector512.FusedMultiplyAdd(Lanes512(ref table, wc >> 16), x2, c2);
                d2 = Vector512.FusedMultiplyAdd(Lanes512(ref table, wd >> 16), x2, d2);
                a3 = Vector512.FusedMultiplyAdd(Lanes512(ref table, wa >> 24), x3, a3);
                b3 = Vector512.FusedMultiplyAdd(Lanes512(ref table, wb >> 24), x3, b3);
                c3 = Vector512.FusedMultiplyAdd(Lanes512(ref table, wc >> 24), x3, c3);
                d3 = Vector512.FusedMultiplyAdd(Lanes512(ref table, wd >> 24), x3, d3);
            }
        }
        y[0] = Vector512.Sum((a0 + a1) + (a2 + a3));
        y[1] = Vector512.Sum((b0 + b1) + (b2 + b3));
        y[2] = Vector512.Sum((c0 + c1) + (c2 + c3));
        y[3] = Vector512.Sum((d0 + d1) + (d2 + d3));
        for (int k = 0; k < 4; k++)
        {
            ReadOnlySpan<ulong> bits = rows.Slice(k * wordsPerRow, wordsPerRow);
            for (int i = full << 6; i < n; i++) y[k] += ((bits[i >> 6] >> (i & 63)) & 1) != 0 ? x[i] : -x[i];
        }
    }

    /// <summary>
    /// The bit transpose of a packed matrix: <paramref name="rowCount"/> rows of <paramref name="columns"/> bits
    /// (each row <see cref="SpinKernels.WordCount"/>(columns) words) into <paramref name="columns"/> rows of
    /// <paramref name="rowCount"/> bits (each <see cref="SpinKernels.WordCount"/>(rowCount) words), 64×64 blocks at a
    /// time. Bits past the end of each output row stay zero.
    /// </summary>
    public static void Transpose(ReadOnlySpan<ulong> rows, int rowCount, int columns, Span<ulong> transposed)
    {
        int inWords = SpinKernels.WordCount(columns), outWords = SpinKernels.WordCount(rowCount);
        if (rows.Length != (long)rowCount * inWords) throw new ArgumentException($"need {rowCount} rows of {inWords} words", nameof(rows));
        if (transposed.Length != (long)columns * outWords) throw new ArgumentException($"need {columns} rows of {outWords} words", nameof(transposed));
        Span<ulong> block = stackalloc ulong[64];
        for (int rb = 0; rb < outWords; rb++)
        {
            int rowsHere = Math.Min(64, rowCount - rb * 64);
            for (int cb = 0; cb < inWords; cb++)
            {
                block.Clear();
                for (int k = 0; k < rowsHere; k++) block[k] = rows[(rb * 64 + k) * inWords + cb];
                Transpose64(block);
                int columnsHere = Math.Min(64, columns - cb * 64);
                for (int k = 0; k < columnsHere; k++) transposed[(cb * 64 + k) * outWords + rb] = block[k];
            }
        }
    }

    /// <summary>In-place transpose of a 64×64 bit block (bit j of word i ↔ bit i of word j) by recursive block swaps.</summary>
    internal static void Transpose64(Span<ulong> a)
    {
        ulong m = 0x00000000FFFFFFFFUL;
        for (int j = 32; j != 0; j >>= 1, m ^= m << j)
        {
            for (int k = 0; k < 64; k = ((k | j) + 1) & ~j)
            {
                ulong t = ((a[k] >> j) ^ a[k | j]) & m;
                a[k] ^= t << j;
                a[k | j] ^= t;
            }
        }
    }
}
