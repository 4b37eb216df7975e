using System.Runtime.CompilerServices;
using System.Text;

namespace LocalEntropy.Numerics;

/// <summary>
/// A vector of N spins ±1 stored one bit each (bit 1 = +1). Bits past N are kept zero so that packed kernels need
/// no masking.
/// </summary>
public sealed class SpinVector : IEquatable<SpinVector>
{
    private readonly ulong[] _words;

    /// <summary>A vector of <paramref name="length"/> spins, all −1.</summary>
    public SpinVector(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        _words = new ulong[SpinKernels.WordCount(length)];
    }

    /// <summary>Number of spins.</summary>
    public int Length { get; }

    /// <summary>The packed words; bits past <see cref="Length"/> are zero.</summary>
    public ReadOnlySpan<ulong> Words => _words;

    /// <summary>The packed words for kernels that write whole words; they must keep the bits past <see cref="Length"/> zero.</summary>
    internal Span<ulong> WritableWords => _words;

    /// <summary>Spin <paramref name="i"/> as −1 or +1.</summary>
    public int this[int i]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            CheckIndex(i);
            return (int)((_words[i >> 6] >> (i & 63)) & 1) * 2 - 1;
        }
        set
        {
            CheckIndex(i);
            if (value == 1) _words[i >> 6] |= 1UL << (i & 63);
            else if (value == -1) _words[i >> 6] &= ~(1UL << (i & 63));
            else throw new ArgumentOutOfRangeException(nameof(value), value, "a spin is -1 or 1");
        }
    }

    /// <summary>Flips spin <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Flip(int i)
    {
        CheckIndex(i);
        _words[i >> 6] ^= 1UL << (i & 63);
    }

    // The words have room past Length; an index there would silently corrupt the zero tail.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckIndex(int i)
    {
        if ((uint)i >= (uint)Length) ThrowIndex(i);
    }

    private void ThrowIndex(int i) =>
        throw new ArgumentOutOfRangeException(nameof(i), i, $"spin index must be in [0, {Length})");

    /// <summary>Packs ±1 values.</summary>
    public static SpinVector FromSpins(ReadOnlySpan<sbyte> spins)
    {
        var v = new SpinVector(spins.Length);
        SpinKernels.Pack(spins, v._words);
        return v;
    }

    /// <summary>A vector of <paramref name="length"/> spins copied from packed words (bits past the length must be zero).</summary>
    internal static SpinVector FromWords(ReadOnlySpan<ulong> words, int length)
    {
        var v = new SpinVector(length);
        words[..v._words.Length].CopyTo(v._words);
        return v;
    }

    /// <summary>A uniformly random vector.</summary>
    public static SpinVector Random(int length, Rng rng)
    {
        var v = new SpinVector(length);
        for (int w = 0; w < v._words.Length; w++) v._words[w] = rng.NextULong();
        if (length > 0) v._words[^1] &= SpinKernels.TailMask(length);
        return v;
    }

    /// <summary>The spins as ±1 bytes.</summary>
    public sbyte[] ToSpins()
    {
        var s = new sbyte[Length];
        SpinKernels.Unpack(_words, s);
        return s;
    }

    /// <summary>Σ_i this_i · other_i.</summary>
    public int Dot(SpinVector other)
    {
        CheckSameLength(other);
        return SpinKernels.Dot(_words, other._words, Length);
    }

    /// <summary>Number of positions where the vectors differ.</summary>
    public int Hamming(SpinVector other)
    {
        CheckSameLength(other);
        return SpinKernels.Hamming(_words, other._words);
    }

    /// <summary>Overwrites this vector with <paramref name="source"/>.</summary>
    public void CopyFrom(SpinVector source)
    {
        CheckSameLength(source);
        source._words.CopyTo(_words, 0);
    }

    /// <summary>A deep copy.</summary>
    public SpinVector Clone()
    {
        var c = new SpinVector(Length);
        _words.CopyTo(c._words, 0);
        return c;
    }

    /// <summary>The spins as a string of '+' and '-' characters.</summary>
    public string ToPlusMinus()
    {
        var sb = new StringBuilder(Length);
        for (int i = 0; i < Length; i++) sb.Append(this[i] > 0 ? '+' : '-');
        return sb.ToString();
    }

    /// <inheritdoc />
    public bool Equals(SpinVector? other) =>
        other is not null && other.Length == Length && _words.AsSpan().SequenceEqual(other._words);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SpinVector);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Length);
        foreach (ulong w in _words) h.Add(w);
        return h.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => ToPlusMinus();

    private void CheckSameLength(SpinVector other)
    {
        if (other.Length != Length)
            throw new ArgumentException($"length mismatch: {Length} vs {other.Length}", nameof(other));
    }
}
