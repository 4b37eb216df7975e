using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LocalEntropy.Numerics;

/// <summary>
/// Kernels on bit-packed ±1 vectors (bit 1 = +1, bits past the length are zero) with plain scalar twins on
/// <see cref="sbyte"/> arrays that the tests and benchmarks compare against.
/// </summary>
public static class SpinKernels
{
    /// <summary>Number of 64-bit words that hold <paramref name="n"/> spins.</summary>
    public static int WordCount(int n) => (n + 63) >> 6;

    /// <summary>Mask of the valid bits in the last word of an <paramref name="n"/>-spin vector.</summary>
    public static ulong TailMask(int n) => (n & 63) == 0 ? ulong.MaxValue : (1UL << (n & 63)) - 1;

    /// <summary>Number of positions where the two packed vectors differ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Hamming(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("packed vectors have different word counts");
        ref ulong pa = ref MemoryMarshal.GetReference(a);
        ref ulong pb = ref MemoryMarshal.GetReference(b);
        int n = a.Length, i = 0;
        // Four independent accumulators keep the popcount units busy.
        int c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        for (; i + 4 <= n; i += 4)
        {
            c0 += BitOperations.PopCount(Unsafe.Add(ref pa, i) ^ Unsafe.Add(ref pb, i));
            c1 += BitOperations.PopCount(Unsafe.Add(ref pa, i + 1) ^ Unsafe.Add(ref pb, i + 1));
            c2 += BitOperations.PopCount(Unsafe.Add(ref pa, i + 2) ^ Unsafe.Add(ref pb, i + 2));
            c3 += BitOperations.PopCount(Unsafe.Add(ref pa, i + 3) ^ Unsafe.Add(ref pb, i + 3));
        }
        for (; i < n; i++)
        {
            c0 += BitOperations.PopCount(Unsafe.Add(ref pa, i) ^ Unsafe.Add(ref pb, i));
        }
        return c0 + c1 + c2 + c3;
    }

    /// <summary>Dot product Σ a_i b_i of two packed ±1 vectors of length <paramref name="n"/>: n − 2·Hamming.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, int n) => n - 2 * Hamming(a, b);

    /// <summary>
    /// Number of rows of <paramref name="rows"/> (contiguous, each as long as <paramref name="v"/>) whose Hamming
    /// distance from <paramref name="v"/> is at least <paramref name="limit"/>. For the perceptron this counts the
    /// patterns with field ≤ 0: the full energy in one pass over the row store.
    /// </summary>
    public static int CountFar(ReadOnlySpan<ulong> v, ReadOnlySpan<ulong> rows, int limit)
    {
        int words = v.Length;
        if (words == 0) throw new ArgumentException("empty vector", nameof(v));
        if (rows.Length % words != 0) throw new ArgumentException("rows are not a whole number of vectors", nameof(rows));
        return Avx512BW.IsSupported && words >= 8 ? CountFarAvx512(v, rows, limit) : CountFarScalar(v, rows, limit);
    }

    /// <summary>
    /// <see cref="CountFar"/> with AVX-512BW: bytes counted by <see cref="ByteCounts"/> and summed with vpsadbw; the
    /// tail words past a multiple of 8 use POPCNT.
    /// </summary>
    internal static int CountFarAvx512(ReadOnlySpan<ulong> v, ReadOnlySpan<ulong> rows, int limit)
    {
        int words = v.Length, chunks = words / 8, n = rows.Length / words, count = 0;
        ref ulong pv = ref MemoryMarshal.GetReference(v);
        ref ulong pr = ref MemoryMarshal.GetReference(rows);
        for (int r = 0; r < n; r++)
        {
            ref ulong row = ref Unsafe.Add(ref pr, r * words);
            var total = Vector512<ulong>.Zero;
            var bytes = Vector512<byte>.Zero;
            for (int k = 0; k < chunks; k++)
            {
                bytes += ByteCounts(Vector512.LoadUnsafe(ref pv, (nuint)(k * 8)) ^ Vector512.LoadUnsafe(ref row, (nuint)(k * 8)));
                // Each chunk adds at most 8 per byte: flush before a byte can overflow.
                if ((k & 15) == 15)
                {
                    total += Avx512BW.SumAbsoluteDifferences(bytes, Vector512<byte>.Zero).AsUInt64();
                    bytes = Vector512<byte>.Zero;
                }
            }
            total += Avx512BW.SumAbsoluteDifferences(bytes, Vector512<byte>.Zero).AsUInt64();
            int distance = (int)Vector512.Sum(total);
            for (int i = chunks * 8; i < words; i++) distance += BitOperations.PopCount(Unsafe.Add(ref pv, i) ^ Unsafe.Add(ref row, i));
            count += AtLeast(distance, limit);
        }
        return count;
    }

    /// <summary>
    /// Σ_i popcount(a_i AND (b_i XOR flip)) over the words of <paramref name="a"/> (b at least as long): the size of
    /// a ∩ b, or of a minus b with flip all ones. AVX-512BW where there is one, else POPCNT.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int PopCountAnd(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ulong flip) =>
        Avx512BW.IsSupported ? PopCountAndAvx512(a, b, flip) : PopCountAndScalar(a, b, flip);

    internal static int PopCountAndAvx512(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ulong flip)
    {
        int words = a.Length, chunks = words / 8;
        if (b.Length < words) throw new ArgumentException("b is shorter than a", nameof(b));
        ref ulong pa = ref MemoryMarshal.GetReference(a);
        ref ulong pb = ref MemoryMarshal.GetReference(b);
        var flips = Vector512.Create(flip);
        var total = Vector512<ulong>.Zero;
        var bytes = Vector512<byte>.Zero;
        for (int k = 0; k < chunks; k++)
        {
            bytes += ByteCounts(Vector512.LoadUnsafe(ref pa, (nuint)(k * 8)) & (Vector512.LoadUnsafe(ref pb, (nuint)(k * 8)) ^ flips));
            // Each chunk adds at most 8 per byte: flush before a byte can overflow.
            if ((k & 15) == 15)
            {
                total += Avx512BW.SumAbsoluteDifferences(bytes, Vector512<byte>.Zero).AsUInt64();
                bytes = Vector512<byte>.Zero;
            }
        }
        total += Avx512BW.SumAbsoluteDifferences(bytes, Vector512<byte>.Zero).AsUInt64();
        int count = (int)Vector512.Sum(total);
        for (int i = chunks * 8; i < words; i++) count += BitOperations.PopCount(Unsafe.Add(ref pa, i) & (Unsafe.Add(ref pb, i) ^ flip));
        return count;
    }

    /// <summary><see cref="PopCountAnd"/> with scalar POPCNT.</summary>
    internal static int PopCountAndScalar(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ulong flip)
    {
        int count = 0;
        for (int i = 0; i < a.Length; i++) count += BitOperations.PopCount(a[i] & (b[i] ^ flip));
        return count;
    }

    /// <summary>
    /// The popcount of every byte of <paramref name="x"/>: .NET exposes no vector popcount on x86, so each nibble is
    /// looked up in a 16-entry table (vpshufb); vpsadbw then sums the bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> ByteCounts(Vector512<ulong> x)
    {
        var table = Vector512.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
            0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        var nibble = Vector512.Create((byte)0x0F);
        var b = x.AsByte();
        return Avx512BW.Shuffle(table, b & nibble) + Avx512BW.Shuffle(table, Vector512.ShiftRightLogical(b.AsUInt16(), 4).AsByte() & nibble);
    }

    /// <summary><see cref="CountFar"/> with scalar POPCNT, four rows per pass sharing the loads of v.</summary>
    internal static int CountFarScalar(ReadOnlySpan<ulong> v, ReadOnlySpan<ulong> rows, int limit)
    {
        int words = v.Length;
        int count = 0;
        int n = rows.Length / words, r = 0;
        ref ulong pv = ref MemoryMarshal.GetReference(v);
        ref ulong pr = ref MemoryMarshal.GetReference(rows);
        // Four rows at a time share each load of v: the loop is bound by loads and popcounts, not by arithmetic.
        for (; r + 4 <= n; r += 4)
        {
            ref ulong a = ref Unsafe.Add(ref pr, r * words);
            ref ulong b = ref Unsafe.Add(ref a, words);
            ref ulong c = ref Unsafe.Add(ref b, words);
            ref ulong d = ref Unsafe.Add(ref c, words);
            int ca = 0, cb = 0, cc = 0, cd = 0;
            for (int i = 0; i < words; i++)
            {
                ulong x = Unsafe.Add(ref pv, i);
                ca += BitOperations.PopCount(x ^ Unsafe.Add(ref a, i));
                cb += BitOperations.PopCount(x ^ Unsafe.Add(ref b, i));
                cc += BitOperations.PopCount(x ^ Unsafe.Add(ref c, i));
                cd += BitOperations.PopCount(x ^ Unsafe.Add(ref d, i));
            }
            count += AtLeast(ca, limit) + AtLeast(cb, limit) + AtLeast(cc, limit) + AtLeast(cd, limit);
        }
        for (; r < n; r++)
        {
            ref ulong row = ref Unsafe.Add(ref pr, r * words);
            int distance = 0;
            for (int i = 0; i < words; i++) distance += BitOperations.PopCount(Unsafe.Add(ref pv, i) ^ Unsafe.Add(ref row, i));
            count += AtLeast(distance, limit);
        }
        return count;
    }

    /// <summary>1 when <paramref name="distance"/> ≥ <paramref name="limit"/>, else 0, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AtLeast(int distance, int limit) => (int)((uint)(limit - 1 - distance) >> 31);

    /// <summary>Scalar reference for <see cref="Dot"/>: Σ a_i b_i over ±1 bytes.</summary>
    public static int DotScalar(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("vectors have different lengths");
        int s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }
        return s;
    }

    /// <summary>Packs ±1 values into <paramref name="words"/> (bit 1 = +1); any other value is rejected.</summary>
    public static void Pack(ReadOnlySpan<sbyte> spins, Span<ulong> words)
    {
        if (words.Length != WordCount(spins.Length)) throw new ArgumentException("word buffer has the wrong length");
        words.Clear();
        for (int i = 0; i < spins.Length; i++)
        {
            sbyte s = spins[i];
            if (s == 1) words[i >> 6] |= 1UL << (i & 63);
            else if (s != -1) throw new ArgumentException($"spin {i} is {s}, expected -1 or 1", nameof(spins));
        }
    }

    /// <summary>Unpacks <paramref name="spins"/>.Length spins from <paramref name="words"/>.</summary>
    public static void Unpack(ReadOnlySpan<ulong> words, Span<sbyte> spins)
    {
        for (int i = 0; i < spins.Length; i++)
        {
            spins[i] = (sbyte)((int)((words[i >> 6] >> (i & 63)) & 1) * 2 - 1);
        }
    }

    /// <summary>Popcount of a whole span.</summary>
    public static int PopCount(ReadOnlySpan<ulong> words)
    {
        int c = 0;
        foreach (ulong w in words) c += BitOperations.PopCount(w);
        return c;
    }

    /// <summary>
    /// y_i += a·x_i for the packed ±1 vector x, over all <paramref name="words"/>.Length·64 entries of y: entries past
    /// x's length (zero bits) get −a, so y must be padded to whole words and its padding ignored. Exact: a·(±1) = ±a.
    /// Each chunk of bits becomes lane masks (broadcast, one bit tested per lane) that flip the sign of a.
    /// </summary>
    public static void AddSigned(float a, ReadOnlySpan<ulong> words, Span<float> y)
    {
        if (y.Length != words.Length * 64) throw new ArgumentException("y must hold 64 entries per word", nameof(y));
        if (Vector512.IsHardwareAccelerated) AddSigned512(a, words, y);
        else AddSigned256(a, words, y);
    }

    internal static void AddSigned512(float a, ReadOnlySpan<ulong> words, Span<float> y)
    {
        var plus = Vector512.Create(a).AsInt32();
        var sign = Vector512.Create(int.MinValue);
        var lanes = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);
        ref float target = ref MemoryMarshal.GetReference(y);
        for (int k = 0; k < words.Length; k++)
        {
            ulong bits = words[k];
            for (int q = 0; q < 4; q++)
            {
                var set = Vector512.Equals(Vector512.Create((int)(bits >> (16 * q))) & lanes, lanes);
                nuint offset = (nuint)(k * 64 + 16 * q);
                (Vector512.LoadUnsafe(ref target, offset) + (plus ^ Vector512.AndNot(sign, set)).AsSingle()).StoreUnsafe(ref target, offset);
            }
        }
    }

    internal static void AddSigned256(float a, ReadOnlySpan<ulong> words, Span<float> y)
    {
        var plus = Vector256.Create(a).AsInt32();
        var sign = Vector256.Create(int.MinValue);
        var lanes = Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);
        ref float target = ref MemoryMarshal.GetReference(y);
        for (int k = 0; k < words.Length; k++)
        {
            ulong bits = words[k];
            for (int q = 0; q < 8; q++)
            {
                var set = Vector256.Equals(Vector256.Create((int)(bits >> (8 * q))) & lanes, lanes);
                nuint offset = (nuint)(k * 64 + 8 * q);
                (Vector256.LoadUnsafe(ref target, offset) + (plus ^ Vector256.AndNot(sign, set)).AsSingle()).StoreUnsafe(ref target, offset);
            }
        }
    }

    /// <summary>The scalar twin of <see cref="AddSigned"/> on a ±1 byte vector: y_i += a·x_i for i &lt; x.Length.</summary>
    public static void AddSignedScalar(float a, ReadOnlySpan<sbyte> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] += a * x[i];
    }
}
