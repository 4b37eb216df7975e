using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>
/// Counter-based standard normal numbers: the number at <c>index</c> under <c>key</c> is a pure function of the two,
/// so a tensor can be filled in parallel chunks with the same result on any thread count, and there is no generator
/// state to checkpoint. A uniform on a 24-bit grid strictly inside (−1, 1) comes from two rounds of a 32-bit integer
/// hash (Wellons' "lowbias32") keyed by the two halves of the key; the normal is √2·erfinv(x), with Giles' (2010)
/// single-precision approximation of erfinv. This is what makes Langevin noise cheap: drawing it with
/// <c>torch.randn_like</c> costs about as much as a gradient evaluation of the networks trained here.
/// </summary>
internal static class CounterNormal
{
    private const float Sqrt2 = 1.41421356f;
    private const float GridStep = 1f / (1 << 24);

    /// <summary>The normal number at <paramref name="index"/> under <paramref name="key"/>: the scalar definition.</summary>
    public static float At(ulong key, int index)
    {
        uint bits = Hash(Hash((uint)index ^ (uint)key) + (uint)(key >> 32));
        // Odd multiples of 2⁻²⁴ minus 1: symmetric about 0 and never ±1, so erfinv stays finite.
        return Quantile(((bits >> 8) * 2f + 1f) * GridStep - 1f);
    }

    /// <summary>The standard normal number whose two-sided probability is <paramref name="x"/>: √2·erfinv(x), x ∈ (−1, 1).</summary>
    public static float Quantile(float x) => Sqrt2 * ErfInv(x);

    /// <summary>target[j] ← <see cref="At"/>(<paramref name="key"/>, <paramref name="offset"/> + j), eight at a time.</summary>
    public static void Fill(Span<float> target, ulong key, int offset)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 2 * Vector256<float>.Count <= target.Length; j += 2 * Vector256<float>.Count)
            {
                // Two independent chains per iteration keep the core busy.
                Vector256<float> first = Next(key, offset + j), second = Next(key, offset + j + Vector256<float>.Count);
                first.StoreUnsafe(ref target[j]);
                second.StoreUnsafe(ref target[j + Vector256<float>.Count]);
            }
        }
        for (; j < target.Length; j++) target[j] = At(key, offset + j);
    }

    /// <summary>The eight numbers at indices <paramref name="index"/> … index + 7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Next(ulong key, int index)
    {
        Vector256<uint> counters = Vector256.Create((uint)index) + Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
        Vector256<uint> bits = Hash(Hash(counters ^ Vector256.Create((uint)key)) + Vector256.Create((uint)(key >> 32)));
        Vector256<float> grid = Vector256.ConvertToSingle(Vector256.ShiftRightLogical(bits, 8).AsInt32());
        Vector256<float> x = Vector256.FusedMultiplyAdd(grid, Vector256.Create(2f * GridStep), Vector256.Create(GridStep - 1f));
        return ErfInv(x) * Sqrt2;
    }

    private static uint Hash(uint x)
    {
        x ^= x >> 16;
        x *= 0x7feb352d;
        x ^= x >> 15;
        x *= 0x846ca68b;
        x ^= x >> 16;
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Hash(Vector256<uint> x)
    {
        x ^= Vector256.ShiftRightLogical(x, 16);
        x *= Vector256.Create(0x7feb352du);
        x ^= Vector256.ShiftRightLogical(x, 15);
        x *= Vector256.Create(0x846ca68bu);
        x ^= Vector256.ShiftRightLogical(x, 16);
        return x;
    }

    // Giles, "Approximating the erfinv function" (GPU Computing Gems, 2010), single precision: a polynomial in
    // t = −ln(1 − x²) − 2.5 when that logarithm is below 5 (all but 0.7 % of uniform x), and one in √(−ln(1 − x²)) − 3
    // beyond. The coefficients are written out (not looped over) so the vector version keeps them in registers.
    private static float ErfInv(float x)
    {
        float w = -MathF.Log((1f - x) * (1f + x));
        return (w < 5f ? Central(w - 2.5f) : Tail(MathF.Sqrt(w) - 3f)) * x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ErfInv(Vector256<float> x)
    {
        Vector256<float> w = -Log((Vector256<float>.One - x) * (Vector256<float>.One + x));
        Vector256<float> p = Central(w - Vector256.Create(2.5f));
        Vector256<float> tail = Vector256.GreaterThanOrEqual(w, Vector256.Create(5f));
        if (tail != Vector256<float>.Zero) p = Vector256.ConditionalSelect(tail, Tail(Vector256.Sqrt(w) - Vector256.Create(3f)), p);
        return p * x;
    }

    /// <summary>
    /// ln v for v in [2⁻⁴⁸, 1], the range erfinv's argument gives: v = 2ᵉ·m with m in [√½, √2), ln v = e·ln 2 + ln m, and
    /// ln(1 + f) for f = m − 1 by Cephes' single-precision polynomial (logf.c), about 1 ulp. Cheaper than
    /// <see cref="Vector256.Log(Vector256{float})"/>, which handles every float.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Log(Vector256<float> v)
    {
        Vector256<int> bits = v.AsInt32();
        Vector256<int> exponent = Vector256.ShiftRightArithmetic(bits, 23) - Vector256.Create(127);
        Vector256<float> m = ((bits & Vector256.Create(0x007FFFFF)) | Vector256.Create(0x3F800000)).AsSingle();
        Vector256<float> high = Vector256.GreaterThan(m, Vector256.Create(1.41421356f));
        m = Vector256.ConditionalSelect(high, m * 0.5f, m);
        Vector256<float> e = Vector256.ConvertToSingle(exponent) + (high & Vector256<float>.One);
        Vector256<float> f = m - Vector256<float>.One;
        Vector256<float> z = f * f;
        Vector256<float> p = Fma(Fma(Fma(Fma(Fma(Fma(Fma(Fma(Vector256.Create(L0), f, L1), f, L2), f, L3), f, L4), f, L5), f, L6), f, L7), f, L8);
        Vector256<float> y = Vector256.FusedMultiplyAdd(z, Vector256.Create(-0.5f), f * z * p);
        return Vector256.FusedMultiplyAdd(e, Vector256.Create(0.693147181f), f + y);
    }

    private const float L0 = 7.0376836292e-2f, L1 = -1.1514610310e-1f, L2 = 1.1676998740e-1f, L3 = -1.2420140846e-1f, L4 = 1.4249322787e-1f,
                        L5 = -1.6668057665e-1f, L6 = 2.0000714765e-1f, L7 = -2.4999993993e-1f, L8 = 3.3333331174e-1f;

    private const float C0 = 2.81022636e-08f, C1 = 3.43273939e-07f, C2 = -3.5233877e-06f, C3 = -4.39150654e-06f, C4 = 0.00021858087f,
                        C5 = -0.00125372503f, C6 = -0.00417768164f, C7 = 0.246640727f, C8 = 1.50140941f;

    private const float T0 = -0.000200214257f, T1 = 0.000100950558f, T2 = 0.00134934322f, T3 = -0.00367342844f, T4 = 0.00573950773f,
                        T5 = -0.0076224613f, T6 = 0.00943887047f, T7 = 1.00167406f, T8 = 2.83297682f;

    private static float Central(float t) =>
        Fma(Fma(Fma(Fma(Fma(Fma(Fma(Fma(C0, t, C1), t, C2), t, C3), t, C4), t, C5), t, C6), t, C7), t, C8);

    private static float Tail(float t) =>
        Fma(Fma(Fma(Fma(Fma(Fma(Fma(Fma(T0, t, T1), t, T2), t, T3), t, T4), t, T5), t, T6), t, T7), t, T8);

    private static float Fma(float a, float t, float b) => MathF.FusedMultiplyAdd(a, t, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Central(Vector256<float> t) =>
        Fma(Fma(Fma(Fma(Fma(Fma(Fma(Fma(Vector256.Create(C0), t, C1), t, C2), t, C3), t, C4), t, C5), t, C6), t, C7), t, C8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Tail(Vector256<float> t) =>
        Fma(Fma(Fma(Fma(Fma(Fma(Fma(Fma(Vector256.Create(T0), t, T1), t, T2), t, T3), t, T4), t, T5), t, T6), t, T7), t, T8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fma(Vector256<float> a, Vector256<float> t, float b) => Vector256.FusedMultiplyAdd(a, t, Vector256.Create(b));
}
