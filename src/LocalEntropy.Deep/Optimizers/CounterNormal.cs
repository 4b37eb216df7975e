using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>
/// Counter-based standard normal numbers: the number at <c>index</c> under <c>key</c> is a pure function of the two,
/// so a tensor can be filled in parallel chunks with the same result on any thread count, and there is no generator
/// state to checkpoint. This is what makes Langevin noise cheap: drawing it with <c>torch.randn_like</c> costs about
/// as much as a gradient evaluation of the networks trained here.
/// <para>
/// Numbers come in pairs by the Box–Muller transform. Indices form blocks of 32; index 32b + j and 32b + 16 + j
/// (j &lt; 16) are r·cos θ and r·sin θ of pair 16b + j, whose 64 random bits are SplitMix64's output function applied to
/// key + pair·φ (φ the golden-ratio increment). The low 32 bits give the radius r = √(−2 ln u) with u on a 2⁻²⁴ grid
/// inside (0, 1); the high 32 bits give the angle: two bits pick the quadrant and 22 bits the offset within it, so
/// sine and cosine only ever need their polynomials on [−π/4, π/4].
/// </para>
/// </summary>
internal static class CounterNormal
{
    /// <summary>Numbers per block: sixteen pairs, the cosines then the sines.</summary>
    public const int Block = 32;

    private const ulong Golden = 0x9E3779B97F4A7C15;
    private const float QuarterPi = 0.785398163f;

    /// <summary>The normal number at <paramref name="index"/> under <paramref name="key"/>: the scalar definition.</summary>
    public static float At(ulong key, int index)
    {
        ulong bits = Mix(key + (ulong)((index / Block) * (Block / 2) + index % (Block / 2)) * Golden);
        float radius = MathF.Sqrt(-2f * MathF.Log(Uniform((uint)bits)));
        (float cos, float sin) = CosSin((uint)(bits >> 32));
        return radius * (index % Block < Block / 2 ? cos : sin);
    }

    /// <summary>target[j] ← <see cref="At"/>(<paramref name="key"/>, <paramref name="offset"/> + j), a block at a time.</summary>
    public static void Fill(Span<float> target, ulong key, int offset)
    {
        int j = 0;
        for (; j < target.Length && (offset + j) % Block != 0; j++) target[j] = At(key, offset + j);
        for (; j + Block <= target.Length; j += Block)
        {
            Next(key, offset + j, out Vector512<float> cosines, out Vector512<float> sines);
            cosines.StoreUnsafe(ref target[j]);
            sines.StoreUnsafe(ref target[j + Block / 2]);
        }
        for (; j < target.Length; j++) target[j] = At(key, offset + j);
    }

    /// <summary>
    /// The block of 32 numbers starting at <paramref name="index"/>, a multiple of <see cref="Block"/>. Written for
    /// 512-bit vectors; where AVX-512 is missing, .NET runs each operation as two 256-bit ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Next(ulong key, int index, out Vector512<float> cosines, out Vector512<float> sines)
    {
        Vector512<ulong> pairs = Vector512.Create((ulong)(index / 2)) + Vector512.Create(0ul, 1, 2, 3, 4, 5, 6, 7);
        Vector512<ulong> low = Mix(Vector512.Create(key) + pairs * Golden);
        Vector512<ulong> high = Mix(Vector512.Create(key) + (pairs + Vector512.Create(8ul)) * Golden);
        Vector512<uint> radiusBits = Vector512.Narrow(low, high);
        Vector512<uint> angleBits = Vector512.Narrow(Vector512.ShiftRightLogical(low, 32), Vector512.ShiftRightLogical(high, 32));

        Vector512<float> u = Vector512.FusedMultiplyAdd(Vector512.ConvertToSingle(Vector512.ShiftRightLogical(radiusBits, 8).AsInt32()),
                                                         Vector512.Create(1f / (1 << 24)), Vector512.Create(0.5f / (1 << 24)));
        Vector512<float> radius = Vector512.Sqrt(Log(u) * -2f);

        // θ = q·π/2 + a: (cos θ, sin θ) is (c, s), (−s, c), (−c, −s) or (s, −c) for quadrant q = 0 … 3.
        Vector512<float> a = Vector512.FusedMultiplyAdd(
            Vector512.ConvertToSingle((Vector512.ShiftRightLogical(angleBits, 8) & Vector512.Create(0x3FFFFFu)).AsInt32()),
            Vector512.Create(2 * QuarterPi / (1 << 22)), Vector512.Create(QuarterPi / (1 << 22) - QuarterPi));
        Vector512<float> z = a * a;
        Vector512<float> c = Cos(z), s = Sin(a, z);
        Vector512<uint> quadrant = Vector512.ShiftRightLogical(angleBits, 30);
        Vector512<float> swap = Vector512.Equals(quadrant & Vector512<uint>.One, Vector512<uint>.One).AsSingle();
        Vector512<uint> cosSign = Vector512.ShiftLeft((quadrant ^ Vector512.ShiftRightLogical(quadrant, 1)) & Vector512<uint>.One, 31);
        Vector512<uint> sinSign = Vector512.ShiftLeft(quadrant & Vector512.Create(2u), 30);
        cosines = (Vector512.ConditionalSelect(swap, s, c).AsUInt32() ^ cosSign).AsSingle() * radius;
        sines = (Vector512.ConditionalSelect(swap, c, s).AsUInt32() ^ sinSign).AsSingle() * radius;
    }

    /// <summary>A uniform number on the grid (k + ½)·2⁻²⁴, k &lt; 2²⁴, from the top 24 of 32 bits.</summary>
    private static float Uniform(uint bits) => ((bits >> 8) + 0.5f) * (1f / (1 << 24));

    /// <summary>(cos θ, sin θ) for the angle encoded as in <see cref="Next"/>.</summary>
    private static (float Cos, float Sin) CosSin(uint bits)
    {
        float a = (((bits >> 8) & 0x3FFFFF) + 0.5f) * (2 * QuarterPi / (1 << 22)) - QuarterPi;
        float c = Cos(a * a), s = Sin(a, a * a);
        return (bits >> 30) switch
        {
            0 => (c, s),
            1 => (-s, c),
            2 => (-c, -s),
            _ => (s, -c),
        };
    }

    // SplitMix64's output function (Steele, Lea and Flood 2014): a bijection of 64-bit words whose outputs on
    // golden-ratio-spaced inputs pass BigCrush.
    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Mix(Vector512<ulong> x)
    {
        x = (x ^ Vector512.ShiftRightLogical(x, 30)) * Vector512.Create(0xBF58476D1CE4E5B9ul);
        x = (x ^ Vector512.ShiftRightLogical(x, 27)) * Vector512.Create(0x94D049BB133111EBul);
        return x ^ Vector512.ShiftRightLogical(x, 31);
    }

    // Cephes' single-precision sinf and cosf polynomials for |a| ≤ π/4 (about 1 ulp), z = a².
    private const float S0 = -1.9515295891e-4f, S1 = 8.3321608736e-3f, S2 = -1.6666654611e-1f;
    private const float K0 = 2.443315711809948e-5f, K1 = -1.388731625493765e-3f, K2 = 4.166664568298827e-2f;

    private static float Sin(float a, float z) => MathF.FusedMultiplyAdd(Fma(Fma(S0, z, S1), z, S2) * z, a, a);

    private static float Cos(float z) => MathF.FusedMultiplyAdd(Fma(Fma(K0, z, K1), z, K2), z * z, MathF.FusedMultiplyAdd(-0.5f, z, 1f));

    private static float Fma(float a, float t, float b) => MathF.FusedMultiplyAdd(a, t, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Sin(Vector512<float> a, Vector512<float> z) =>
        Vector512.FusedMultiplyAdd(Fma(Fma(Vector512.Create(S0), z, S1), z, S2) * z, a, a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Cos(Vector512<float> z) =>
        Vector512.FusedMultiplyAdd(Fma(Fma(Vector512.Create(K0), z, K1), z, K2), z * z, Vector512.FusedMultiplyAdd(Vector512.Create(-0.5f), z, Vector512<float>.One));

    /// <summary>
    /// ln v for v in (0, 1], the range the radius needs: v = 2ᵉ·m with m in [√½, √2), ln v = e·ln 2 + ln m, and
    /// ln(1 + f) for f = m − 1 by Cephes' single-precision polynomial (logf.c), about 1 ulp. Subtracting the bits of √½
    /// before splitting exponent and mantissa puts m in [√½, √2) without a comparison. Cheaper than
    /// <see cref="Vector512.Log(Vector512{float})"/>, which handles every float.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Log(Vector512<float> v)
    {
        Vector512<int> shifted = v.AsInt32() - Vector512.Create(RootHalfBits);
        Vector512<float> e = Vector512.ConvertToSingle(Vector512.ShiftRightArithmetic(shifted, 23));
        Vector512<float> m = ((shifted & Vector512.Create(0x007FFFFF)) + Vector512.Create(RootHalfBits)).AsSingle();
        Vector512<float> f = m - Vector512<float>.One;
        Vector512<float> z = f * f;
        Vector512<float> p = Fma(Fma(Fma(Fma(Fma(Fma(Fma(Fma(Vector512.Create(L0), f, L1), f, L2), f, L3), f, L4), f, L5), f, L6), f, L7), f, L8);
        Vector512<float> y = Vector512.FusedMultiplyAdd(z, Vector512.Create(-0.5f), f * z * p);
        return Vector512.FusedMultiplyAdd(e, Vector512.Create(0.693147181f), f + y);
    }

    private const int RootHalfBits = 0x3F3504F3;

    private const float L0 = 7.0376836292e-2f, L1 = -1.1514610310e-1f, L2 = 1.1676998740e-1f, L3 = -1.2420140846e-1f, L4 = 1.4249322787e-1f,
                        L5 = -1.6668057665e-1f, L6 = 2.0000714765e-1f, L7 = -2.4999993993e-1f, L8 = 3.3333331174e-1f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fma(Vector512<float> a, Vector512<float> t, float b) => Vector512.FusedMultiplyAdd(a, t, Vector512.Create(b));
}
