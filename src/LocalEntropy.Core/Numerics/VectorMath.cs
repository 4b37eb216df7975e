using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LocalEntropy.Numerics;

/// <summary>
/// exp, log, tanh and log erfc for belief propagation on <see cref="Vector512{T}"/> lanes, each beside a plain scalar
/// twin that evaluates the same formulas with the same fused multiply-adds, so the two agree to the last bit (the twins
/// handle the tails of spans and run everything where AVX-512 is missing). tanh and log erfc are branch-free over the
/// whole real line and propagate NaN; they are accurate to a few units in the last place (tests state the bounds).
/// exp and log are written here rather than taken from <see cref="Vector512"/> so that the code inlines into the
/// callers' loops: the runtime's versions are separate methods that start unoptimised and instrumented, which cost a
/// single fBP run its first second.
/// </summary>
public static class VectorMath
{
    // tanh: Cephes' rational approximation x + x³P(x²)/Q(x²) below |x| = 0.625, else 1 − 2/(e^{2|x|} + 1).
    private const double TanhSmall = 0.625;
    private const double TanhP0 = -9.64399179425052238628E-1, TanhP1 = -9.92877231001918586564E1, TanhP2 = -1.61468768441708447952E3;
    private const double TanhQ1 = 1.12811678491632931402E2, TanhQ2 = 2.23548839060100448583E3, TanhQ3 = 4.84406305325125486048E3;

    // exp is only defined here on [−708, 709], so its arguments are capped where the result no longer matters: tanh
    // is 1 to double precision from |x| = 20 on, and erfc(z) with log erfc(z) < −600 is far below one unit in the
    // last place of 2 − erfc(z).
    private const double TanhExpCap = 40;

    // exp(x) = 2^n·e^r with n = round(x/ln 2) and |r| ≤ ln2/2, ln 2 split so that n·Ln2High is exact (fdlibm);
    // e^r by its Taylor series to r¹³ (truncation below 5e-18 relative).
    private const double Log2E = 1.4426950408889634, Ln2High = 0.6931471803691238, Ln2Low = 1.9082149292705877e-10;

    /// <summary>1/k! for k = 0…13.</summary>
    private static ReadOnlySpan<double> ExpSeries =>
    [
        1.0, 1.0, 0.5, 0.16666666666666666, 0.041666666666666664, 0.008333333333333333, 0.001388888888888889,
        0.0001984126984126984, 2.48015873015873e-05, 2.7557319223985893e-06, 2.755731922398589e-07,
        2.505210838544172e-08, 2.08767569878681e-09, 1.6059043836821613e-10,
    ];

    // log(x) = k·ln 2 + log m with m ∈ [√½, √2): log m = 2 atanh s = 2s + 2s·Σ_{j≥1} s^{2j}/(2j + 1), s = (m − 1)/(m + 1),
    // s² ≤ 0.0295, eleven terms (truncation below 1e-18 relative). Subtracting the bits of √½ makes the exponent
    // field round at √½ instead of 1.
    private const ulong SqrtHalfBits = 0x3fe6a09e667f3bcd;

    /// <summary>1/(2j + 1) for j = 1…11.</summary>
    private static ReadOnlySpan<double> AtanhSeries =>
    [
        0.3333333333333333, 0.2, 0.14285714285714285, 0.1111111111111111, 0.09090909090909091, 0.07692307692307693,
        0.06666666666666667, 0.058823529411764705, 0.05263157894736842, 0.047619047619047616, 0.043478260869565216,
    ];

    /// <summary>Floor for arguments of exp whose result is added to something of order one.</summary>
    public const double ExpFloor = -600;

    // log erfc: with z = |x| and t = K/(K + z) ∈ (0, 1], erfc(z) = t·exp(F(u) − z²), u = 2t − 1, where
    // F = log(erfcx(z)/t) is smooth on u ∈ [−1, 1] (F → −log(K√π) as z → ∞). F is the degree-24 truncation of its
    // Chebyshev series (fitted at 40 digits; truncation error below 4e-17), written in powers of u: the coefficients
    // add up to 1.8 in absolute value, so the power form loses nothing, and splitting it by u mod 4 gives four short
    // independent Horner chains instead of one long one.
    private const double ErfcScale = 2.5;

    private static ReadOnlySpan<double> ErfcPowers =>
    [
        -8.6366809216731904e-1, 7.6340375493195596e-1, 1.392529069645442e-1, -1.7983809878089706e-2,
        -2.3787984321988608e-2, -1.9463315849184383e-3, 4.7209770215315517e-3, 1.1575351462859733e-3,
        -1.0479622955922586e-3, -3.9519644379403021e-4, 2.5452096312292832e-4, 1.1729445974107673e-4,
        -6.6313809739405254e-5, -3.1816065521738714e-5, 1.7919019263733517e-5, 7.8421959665814884e-6,
        -4.771521901917913e-6, -1.7076522018343623e-6, 1.1718098922191138e-6, 3.1188650128438224e-7,
        -2.4298869393375666e-7, -4.2925121670514796e-8, 3.6933782124873894e-8, 3.3286241462337186e-9,
        -3.0063291762271915e-9,
    ];

    /// <summary>e^x for x in [−708, 709] (scalar twin of the vector kernel); NaN gives NaN.</summary>
    public static double Exp(double x)
    {
        double n = Math.Round(x * Log2E);
        double r = Math.FusedMultiplyAdd(-n, Ln2Low, Math.FusedMultiplyAdd(-n, Ln2High, x));
        ReadOnlySpan<double> c = ExpSeries;
        double p = c[^1];
        for (int k = c.Length - 2; k >= 0; k--) p = Math.FusedMultiplyAdd(p, r, c[k]);
        return p * BitConverter.Int64BitsToDouble(((long)n + 1023) << 52);
    }

    /// <summary>e^x of each lane for x in [−708, 709]; NaN gives NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x)
    {
        Vector512<double> n = Vector512.Round(x * Vector512.Create(Log2E));
        Vector512<double> r = Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2Low), Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2High), x));
        ReadOnlySpan<double> c = ExpSeries;
        Vector512<double> p = Vector512.Create(c[^1]);
        for (int k = c.Length - 2; k >= 0; k--) p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(c[k]));
        return p * ((Vector512.ConvertToInt64(n) + Vector512.Create(1023L)) << 52).AsDouble();
    }

    /// <summary>Natural logarithm for positive normal x, 0 (−∞) and +∞ (scalar twin of the vector kernel); NaN for the rest.</summary>
    public static double Log(double x)
    {
        if (!(x > 0 && x < double.PositiveInfinity)) return x == 0 ? double.NegativeInfinity : x == double.PositiveInfinity ? x : double.NaN;
        ulong bits = BitConverter.DoubleToUInt64Bits(x);
        long k = (long)(bits - SqrtHalfBits) >> 52;
        double m = BitConverter.UInt64BitsToDouble(bits - ((ulong)k << 52));
        ReadOnlySpan<double> c = AtanhSeries;
        double s = (m - 1) / (m + 1), z = s * s, p = c[^1];
        for (int j = c.Length - 2; j >= 0; j--) p = Math.FusedMultiplyAdd(p, z, c[j]);
        double twice = s + s;
        return Math.FusedMultiplyAdd(k, Ln2High, Math.FusedMultiplyAdd(k, Ln2Low, Math.FusedMultiplyAdd(twice * z, p, twice)));
    }

    /// <summary>Natural logarithm of each lane, for positive normal x, 0 (−∞) and +∞; NaN for the rest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log(Vector512<double> x)
    {
        Vector512<ulong> bits = x.AsUInt64();
        Vector512<long> k = Vector512.ShiftRightArithmetic((bits - Vector512.Create(SqrtHalfBits)).AsInt64(), 52);
        Vector512<double> m = (bits - (k.AsUInt64() << 52)).AsDouble();
        Vector512<double> s = (m - Vector512<double>.One) / (m + Vector512<double>.One), z = s * s;
        ReadOnlySpan<double> c = AtanhSeries;
        Vector512<double> p = Vector512.Create(c[^1]);
        for (int j = c.Length - 2; j >= 0; j--) p = Vector512.FusedMultiplyAdd(p, z, Vector512.Create(c[j]));
        Vector512<double> twice = s + s, kd = Vector512.ConvertToDouble(k);
        Vector512<double> log = Vector512.FusedMultiplyAdd(kd, Vector512.Create(Ln2High), Vector512.FusedMultiplyAdd(kd, Vector512.Create(Ln2Low), Vector512.FusedMultiplyAdd(twice * z, p, twice)));
        Vector512<double> valid = Vector512.GreaterThan(x, Vector512<double>.Zero) & Vector512.LessThan(x, Vector512.Create(double.PositiveInfinity));
        Vector512<double> special = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<double>.Zero), Vector512.Create(double.NegativeInfinity),
                                        Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(double.PositiveInfinity)), x, Vector512.Create(double.NaN)));
        return Vector512.ConditionalSelect(valid, log, special);
    }

    /// <summary>tanh x (scalar twin of the vector kernel).</summary>
    public static double Tanh(double x)
    {
        double z = x * x;
        if (Math.Abs(x) < TanhSmall)
        {
            double p = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(TanhP0, z, TanhP1), z, TanhP2);
            double q = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(z + TanhQ1, z, TanhQ2), z, TanhQ3);
            return x + x * z * p / q;
        }
        return Math.CopySign(1 - 2 / (Exp(Math.Min(2 * Math.Abs(x), TanhExpCap)) + 1), x);
    }

    /// <summary>tanh of each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Tanh(Vector512<double> x)
    {
        Vector512<double> z = x * x;
        Vector512<double> small = Vector512.LessThan(Vector512.Abs(x), Vector512.Create(TanhSmall));
        Vector512<double> p = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(TanhP0), z, Vector512.Create(TanhP1)), z, Vector512.Create(TanhP2));
        Vector512<double> q = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(z + Vector512.Create(TanhQ1), z, Vector512.Create(TanhQ2)), z, Vector512.Create(TanhQ3));
        Vector512<double> e = Exp(Vector512.Min(Vector512.Abs(x) + Vector512.Abs(x), Vector512.Create(TanhExpCap))) + Vector512<double>.One;
        // One division serves both branches: x·z·P/Q below the switch, 2/(e + 1) above it.
        Vector512<double> r = Vector512.ConditionalSelect(small, x * z * p, Vector512.Create(2.0)) / Vector512.ConditionalSelect(small, q, e);
        return Vector512.ConditionalSelect(small, x + r, Vector512.CopySign(Vector512<double>.One - r, x));
    }

    /// <summary>log erfc x for every real x (scalar twin of the vector kernel); log 2 as x → −∞, −x² − log(x√π) as x → ∞.</summary>
    public static double LogErfc(double x)
    {
        double z = Math.Abs(x);
        double t = ErfcScale / (ErfcScale + z);
        double f = ErfcSeries(2 * t - 1) - x * x;
        // erfc(x) = 2 − erfc(−x) below zero.
        return x >= 0 ? Log(t) + f : Log(Math.FusedMultiplyAdd(-t, Exp(Math.Max(f, ExpFloor)), 2));
    }

    /// <summary>log erfc of each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LogErfc(Vector512<double> x)
    {
        Vector512<double> scale = Vector512.Create(ErfcScale);
        Vector512<double> t = scale / (scale + Vector512.Abs(x));
        Vector512<double> f = ErfcSeries(t + t - Vector512<double>.One) - x * x;
        Vector512<double> positive = Vector512.GreaterThanOrEqual(x, Vector512<double>.Zero);
        Vector512<double> argument = Vector512.ConditionalSelect(positive, t, Vector512.FusedMultiplyAdd(-t, Exp(Vector512.Max(f, Vector512.Create(ExpFloor))), Vector512.Create(2.0)));
        return Log(argument) + (f & positive);
    }

    /// <summary>e^x of every element of <paramref name="x"/> (each in [−708, 709]) into <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Exp(ReadOnlySpan<double> x, Span<double> destination)
    {
        if (destination.Length < x.Length) throw new ArgumentException("destination is shorter than the input", nameof(destination));
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<double>.Count <= x.Length; i += Vector512<double>.Count) Exp(Vector512.Create(x[i..])).CopyTo(destination[i..]);
        }
        for (; i < x.Length; i++) destination[i] = Exp(x[i]);
    }

    /// <summary>Natural logarithm of every element of <paramref name="x"/> into <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Log(ReadOnlySpan<double> x, Span<double> destination)
    {
        if (destination.Length < x.Length) throw new ArgumentException("destination is shorter than the input", nameof(destination));
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<double>.Count <= x.Length; i += Vector512<double>.Count) Log(Vector512.Create(x[i..])).CopyTo(destination[i..]);
        }
        for (; i < x.Length; i++) destination[i] = Log(x[i]);
    }

    /// <summary>tanh of every element of <paramref name="x"/> into <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tanh(ReadOnlySpan<double> x, Span<double> destination)
    {
        if (destination.Length < x.Length) throw new ArgumentException("destination is shorter than the input", nameof(destination));
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<double>.Count <= x.Length; i += Vector512<double>.Count)
            {
                Tanh(Vector512.Create(x[i..])).CopyTo(destination[i..]);
            }
        }
        for (; i < x.Length; i++) destination[i] = Tanh(x[i]);
    }

    /// <summary>log erfc of every element of <paramref name="x"/> into <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LogErfc(ReadOnlySpan<double> x, Span<double> destination)
    {
        if (destination.Length < x.Length) throw new ArgumentException("destination is shorter than the input", nameof(destination));
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<double>.Count <= x.Length; i += Vector512<double>.Count)
            {
                LogErfc(Vector512.Create(x[i..])).CopyTo(destination[i..]);
            }
        }
        for (; i < x.Length; i++) destination[i] = LogErfc(x[i]);
    }

    /// <summary>Σ a_k u^k as Σ_{r&lt;4} u^r Σ_i a_{4i+r} (u⁴)^i.</summary>
    private static double ErfcSeries(double u)
    {
        ReadOnlySpan<double> a = ErfcPowers;
        double u2 = u * u, u4 = u2 * u2;
        double p0 = a[24], p1 = a[21], p2 = a[22], p3 = a[23];
        for (int i = 20; i >= 0; i -= 4)
        {
            p0 = Math.FusedMultiplyAdd(p0, u4, a[i]);
            if (i >= 4)
            {
                p1 = Math.FusedMultiplyAdd(p1, u4, a[i - 3]);
                p2 = Math.FusedMultiplyAdd(p2, u4, a[i - 2]);
                p3 = Math.FusedMultiplyAdd(p3, u4, a[i - 1]);
            }
        }
        return Math.FusedMultiplyAdd(u2, Math.FusedMultiplyAdd(u, p3, p2), Math.FusedMultiplyAdd(u, p1, p0));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ErfcSeries(Vector512<double> u)
    {
        ReadOnlySpan<double> a = ErfcPowers;
        Vector512<double> u2 = u * u, u4 = u2 * u2;
        Vector512<double> p0 = Vector512.Create(a[24]), p1 = Vector512.Create(a[21]), p2 = Vector512.Create(a[22]), p3 = Vector512.Create(a[23]);
        for (int i = 20; i >= 0; i -= 4)
        {
            p0 = Vector512.FusedMultiplyAdd(p0, u4, Vector512.Create(a[i]));
            if (i >= 4)
            {
                p1 = Vector512.FusedMultiplyAdd(p1, u4, Vector512.Create(a[i - 3]));
                p2 = Vector512.FusedMultiplyAdd(p2, u4, Vector512.Create(a[i - 2]));
                p3 = Vector512.FusedMultiplyAdd(p3, u4, Vector512.Create(a[i - 1]));
            }
        }
        return Vector512.FusedMultiplyAdd(u2, Vector512.FusedMultiplyAdd(u, p3, p2), Vector512.FusedMultiplyAdd(u, p1, p0));
    }
}
