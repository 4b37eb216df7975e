using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LocalEntropy.Landscape.Enumeration;

/// <summary>
/// One small signed integer per pattern, held in vector registers: the partial fields of the enumeration. The search
/// is generic over the block width so that each width compiles to straight-line vector code.
/// </summary>
internal interface ILaneBlock<TSelf>
    where TSelf : struct, ILaneBlock<TSelf>
{
    /// <summary>Patterns one block holds.</summary>
    static abstract int Lanes { get; }

    /// <summary>A block from exactly <see cref="Lanes"/> values.</summary>
    static abstract TSelf Load(ReadOnlySpan<sbyte> values);

    static abstract TSelf Add(TSelf a, TSelf b);

    static abstract TSelf Subtract(TSelf a, TSelf b);

    /// <summary>−1 in the lanes where a &gt; b, else 0 (so subtracting it counts the lanes that pass).</summary>
    static abstract TSelf GreaterThanMask(TSelf a, sbyte b);

    /// <summary>True when every lane of a exceeds b.</summary>
    static abstract bool AllGreaterThan(TSelf a, sbyte b);
}

/// <summary>Up to 64 patterns in one 512-bit vector (two 256-bit halves where AVX-512 is missing).</summary>
internal readonly struct Lanes64 : ILaneBlock<Lanes64>
{
    private readonly Vector512<sbyte> _v;

    private Lanes64(Vector512<sbyte> v) => _v = v;

    public static int Lanes => 64;

    public static Lanes64 Load(ReadOnlySpan<sbyte> values) => new(Vector512.Create(values));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes64 Add(Lanes64 a, Lanes64 b) => new(a._v + b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes64 Subtract(Lanes64 a, Lanes64 b) => new(a._v - b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes64 GreaterThanMask(Lanes64 a, sbyte b) => new(Vector512.GreaterThan(a._v, Vector512.Create(b)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllGreaterThan(Lanes64 a, sbyte b) => Vector512.GreaterThanAll(a._v, Vector512.Create(b));
}

/// <summary>Up to 256 patterns in four 512-bit vectors.</summary>
internal readonly struct Lanes256 : ILaneBlock<Lanes256>
{
    private readonly Vector512<sbyte> _a, _b, _c, _d;

    private Lanes256(Vector512<sbyte> a, Vector512<sbyte> b, Vector512<sbyte> c, Vector512<sbyte> d) =>
        (_a, _b, _c, _d) = (a, b, c, d);

    public static int Lanes => 256;

    public static Lanes256 Load(ReadOnlySpan<sbyte> values) =>
        new(Vector512.Create(values), Vector512.Create(values[64..]), Vector512.Create(values[128..]), Vector512.Create(values[192..]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Add(Lanes256 x, Lanes256 y) => new(x._a + y._a, x._b + y._b, x._c + y._c, x._d + y._d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Subtract(Lanes256 x, Lanes256 y) => new(x._a - y._a, x._b - y._b, x._c - y._c, x._d - y._d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 GreaterThanMask(Lanes256 x, sbyte b)
    {
        var v = Vector512.Create(b);
        return new(Vector512.GreaterThan(x._a, v), Vector512.GreaterThan(x._b, v), Vector512.GreaterThan(x._c, v), Vector512.GreaterThan(x._d, v));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllGreaterThan(Lanes256 x, sbyte b)
    {
        var v = Vector512.Create(b);
        return Vector512.GreaterThanAll(Vector512.Min(Vector512.Min(x._a, x._b), Vector512.Min(x._c, x._d)), v);
    }
}

/// <summary>
/// The scalar twin of <see cref="Lanes64"/>: the same lanes as plain bytes, one at a time (tests compare the two;
/// benchmarks measure what the vectors buy).
/// </summary>
internal struct ScalarLanes64 : ILaneBlock<ScalarLanes64>
{
    private Bytes64 _v;

    public static int Lanes => 64;

    public static ScalarLanes64 Load(ReadOnlySpan<sbyte> values)
    {
        var r = default(ScalarLanes64);
        values[..64].CopyTo(r._v);
        return r;
    }

    public static ScalarLanes64 Add(ScalarLanes64 a, ScalarLanes64 b)
    {
        for (int i = 0; i < 64; i++) a._v[i] += b._v[i];
        return a;
    }

    public static ScalarLanes64 Subtract(ScalarLanes64 a, ScalarLanes64 b)
    {
        for (int i = 0; i < 64; i++) a._v[i] -= b._v[i];
        return a;
    }

    public static ScalarLanes64 GreaterThanMask(ScalarLanes64 a, sbyte b)
    {
        for (int i = 0; i < 64; i++) a._v[i] = (sbyte)(a._v[i] > b ? -1 : 0);
        return a;
    }

    public static bool AllGreaterThan(ScalarLanes64 a, sbyte b)
    {
        for (int i = 0; i < 64; i++)
        {
            if (a._v[i] <= b) return false;
        }
        return true;
    }

    [InlineArray(64)]
    private struct Bytes64
    {
        private sbyte _first;
    }
}
