using System.Globalization;
using System.Text;
using LocalEntropy.Numerics;

namespace LocalEntropy.Problems;

/// <summary>
/// A weight vector on the L+1 evenly spaced levels of [−1, 1] (ALGORITHMS.md §1.2): W_i = w_i/L with the integer
/// numerator w_i ∈ {−L, −L+2, …, L}. Integer numerators keep fields and energies exact; L = 1 is the binary case.
/// </summary>
public sealed class LevelWeights : IEquatable<LevelWeights>
{
    /// <summary>The largest L: numerators are stored in one byte each.</summary>
    public const int MaxLevels = 127;

    private readonly sbyte[] _numerators;

    /// <summary>N weights, all at the lowest level −1.</summary>
    public LevelWeights(int length, int levels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        CheckLevels(levels);
        Levels = levels;
        _numerators = new sbyte[length];
        Array.Fill(_numerators, (sbyte)-levels);
    }

    /// <summary>L: the weights take L+1 values.</summary>
    public int Levels { get; }

    /// <summary>Number of weights N.</summary>
    public int Length => _numerators.Length;

    /// <summary>The numerators w_i (W_i = w_i/L).</summary>
    public ReadOnlySpan<sbyte> Numerators => _numerators;

    /// <summary>The numerator w_i ∈ {−L, −L+2, …, L} of weight <paramref name="i"/>; setting checks it is a level.</summary>
    public int this[int i]
    {
        get => _numerators[i];
        set
        {
            if (!IsLevel(value, Levels))
                throw new ArgumentOutOfRangeException(nameof(value), value, $"not a level numerator for L = {Levels} ({Describe(Levels)})");
            _numerators[i] = (sbyte)value;
        }
    }

    /// <summary>The weight W_i = w_i/L as a real number.</summary>
    public double Value(int i) => (double)_numerators[i] / Levels;

    /// <summary>True when <paramref name="numerator"/> is one of −L, −L+2, …, L.</summary>
    public static bool IsLevel(int numerator, int levels) => Math.Abs(numerator) <= levels && ((numerator + levels) & 1) == 0;

    /// <summary>The allowed numerators in words, for error messages.</summary>
    public static string Describe(int levels) => levels == 1 ? "-1 or 1" : $"integers from {-levels} to {levels} in steps of 2";

    /// <summary>Throws unless 1 ≤ <paramref name="levels"/> ≤ <see cref="MaxLevels"/>.</summary>
    public static void CheckLevels(int levels)
    {
        if (levels < 1 || levels > MaxLevels)
            throw new ArgumentOutOfRangeException(nameof(levels), levels, $"L must be between 1 and {MaxLevels}");
    }

    /// <summary>Every weight drawn uniformly from the L+1 levels.</summary>
    public static LevelWeights Random(int length, int levels, Rng rng)
    {
        var w = new LevelWeights(length, levels);
        for (int i = 0; i < length; i++) w._numerators[i] = (sbyte)(2 * rng.NextInt(levels + 1) - levels);
        return w;
    }

    /// <summary>Binary weights as the L = 1 level vector.</summary>
    public static LevelWeights FromSpins(SpinVector spins)
    {
        var w = new LevelWeights(spins.Length, 1);
        for (int i = 0; i < spins.Length; i++) w._numerators[i] = (sbyte)spins[i];
        return w;
    }

    /// <summary>From numerators, each checked to be a level.</summary>
    public static LevelWeights FromNumerators(ReadOnlySpan<int> numerators, int levels)
    {
        var w = new LevelWeights(numerators.Length, levels);
        for (int i = 0; i < numerators.Length; i++) w[i] = numerators[i];
        return w;
    }

    /// <summary>The signs of the weights as spins (a zero weight counts +1), e.g. for binary consumers of a result.</summary>
    public SpinVector Signs()
    {
        var s = new SpinVector(Length);
        for (int i = 0; i < Length; i++) s[i] = _numerators[i] >= 0 ? 1 : -1;
        return s;
    }

    /// <summary>A copy.</summary>
    public LevelWeights Clone()
    {
        var w = new LevelWeights(Length, Levels);
        CopyTo(w);
        return w;
    }

    /// <summary>Overwrites this vector with <paramref name="other"/> (same length and L).</summary>
    public void CopyFrom(LevelWeights other) => other.CopyTo(this);

    private void CopyTo(LevelWeights target)
    {
        if (target.Length != Length || target.Levels != Levels)
            throw new ArgumentException($"cannot copy {Length} weights with L = {Levels} into {target.Length} with L = {target.Levels}");
        _numerators.CopyTo(target._numerators, 0);
    }

    /// <summary>Moves weight <paramref name="i"/> one level up (<paramref name="up"/>) or down; it must stay in the level set.</summary>
    internal void Step(int i, bool up) => _numerators[i] += (sbyte)(up ? 2 : -2);

    internal Span<sbyte> WritableNumerators => _numerators;

    /// <summary>The numerators separated by single spaces (the weights-file line).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Length * 3);
        for (int i = 0; i < Length; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(_numerators[i].ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <inheritdoc />
    public bool Equals(LevelWeights? other) =>
        other is not null && other.Levels == Levels && _numerators.AsSpan().SequenceEqual(other._numerators);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LevelWeights);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Levels);
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_numerators.AsSpan()));
        return hash.ToHashCode();
    }
}
