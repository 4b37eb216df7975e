using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LocalEntropy.Numerics;

namespace LocalEntropy.Problems;

/// <summary>
/// Incremental state of a binary perceptron configuration: the packed field machinery of
/// <see cref="PerceptronFieldState"/> under single spin flips (a flip moves W_j by one level of the L = 1 level set).
/// </summary>
internal sealed class PerceptronFlipState : PerceptronFieldState, IFlipState
{
    private readonly SpinVector _weights;

    public PerceptronFlipState(Perceptron problem, FieldEnergy energy, SpinVector start, UpdateKernel kernel = UpdateKernel.Auto)
        : base(problem, energy, kernel)
    {
        _weights = start.Clone();
        Reset(start);
    }

    public SpinVector Configuration => _weights;

    public void Reset(SpinVector config)
    {
        _weights.CopyFrom(config);
        Problem.Fields(_weights, LiveFields);
        Recount();
    }

    // A spin moves down from +1 and up from −1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DeltaEnergy(int j) => DeltaToward(j, up: ((_weights.Words[j >> 6] >> (j & 63)) & 1) == 0);

    public void Flip(int j)
    {
        Shift(j, up: _weights[j] < 0);
        _weights.Flip(j);
    }
}

/// <summary>
/// The integer fields h^μ of a perceptron and, for every threshold of the move energy, the bitset {μ : h^μ ≤ t}.
/// A move of one weight by ±2 in numerator units (a spin flip, or one level of a multi-level weight) costs a few
/// popcounts per 64 patterns to evaluate (see <see cref="FieldEnergy"/>); an accepted move updates all fields with
/// SIMD and rebuilds the bitsets.
/// </summary>
internal abstract class PerceptronFieldState
{
    /// <summary>Which implementation updates the fields after a move; all give identical results.</summary>
    internal enum UpdateKernel
    {
        Auto,
        Scalar,
        Vector256,
        Vector512,
    }

    // Fields of padding patterns sit far above every threshold so they never enter a level set.
    private const int PaddingField = int.MaxValue / 2;

    private readonly Perceptron _problem;
    private readonly int[] _fields;
    private readonly int[] _thresholds;
    private readonly int[] _decCoefficients;
    private readonly int[] _diffCoefficients;
    private readonly int _levels;
    private readonly int _errorLevel;
    private readonly FieldEnergy _energy;

    // Level-set bitsets, word-major: _levelBits[w * _levels + t].
    private readonly ulong[] _levelBits;
    private readonly int[] _levelCounts;

    private readonly UpdateKernel _kernel;

    protected PerceptronFieldState(Perceptron problem, FieldEnergy energy, UpdateKernel kernel)
    {
        _kernel = kernel != UpdateKernel.Auto ? kernel
            : Vector512.IsHardwareAccelerated ? UpdateKernel.Vector512
            : Vector256.IsHardwareAccelerated ? UpdateKernel.Vector256
            : UpdateKernel.Scalar;
        _problem = problem;
        _energy = energy;
        _fields = new int[problem.PaddedP];
        _thresholds = energy.Thresholds;
        _decCoefficients = energy.DecCoefficients;
        _diffCoefficients = energy.DiffCoefficients;
        _levels = _thresholds.Length;
        _errorLevel = energy.ErrorLevel;
        _levelBits = new ulong[problem.PatternWords * _levels];
        _levelCounts = new int[_levels];
    }

    protected Perceptron Problem => _problem;

    /// <summary>The P real fields, for a subclass to fill before <see cref="Recount"/>.</summary>
    protected Span<int> LiveFields => _fields.AsSpan(0, _problem.P);

    public long Energy { get; private set; }

    public int Errors => _levelCounts[_errorLevel];

    /// <summary>Energy and level sets from freshly written <see cref="LiveFields"/>.</summary>
    protected void Recount()
    {
        int p = _problem.P;
        _fields.AsSpan(p).Fill(PaddingField);
        long e = 0;
        for (int mu = 0; mu < p; mu++) e += _energy.Value(_fields[mu]);
        Energy = e;
        RebuildLevelsScalar();
    }

    /// <summary>Change of the move energy if weight j moved by +2 (<paramref name="up"/>) or −2 in numerator units.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected int DeltaToward(int j, bool up)
    {
        ref ulong column = ref MemoryMarshal.GetReference(_problem.ColumnBits(j));
        // Moving W_j up raises the fields where x^μ_j = +1 (the set bits of the column), moving it down the others.
        ulong flip = up ? 0UL : ulong.MaxValue;
        ref ulong levels = ref MemoryMarshal.GetArrayDataReference(_levelBits);
        int words = _problem.PatternWords;
        if (_levels == 3)
        {
            // The common case after the parity merge (errors, hinge k = 0): three running popcounts, one multiply each.
            int c0 = 0, c1 = 0, c2 = 0;
            for (int w = 0; w < words; w++)
            {
                ulong rising = Unsafe.Add(ref column, w) ^ flip;
                ref ulong lw = ref Unsafe.Add(ref levels, w * 3);
                c0 += BitOperations.PopCount(lw & rising);
                c1 += BitOperations.PopCount(Unsafe.Add(ref lw, 1) & rising);
                c2 += BitOperations.PopCount(Unsafe.Add(ref lw, 2) & rising);
            }
            return _diffCoefficients[0] * c0 + _diffCoefficients[1] * c1 + _diffCoefficients[2] * c2
                + _decCoefficients[0] * _levelCounts[0] + _decCoefficients[1] * _levelCounts[1] + _decCoefficients[2] * _levelCounts[2];
        }
        ref int diff = ref MemoryMarshal.GetArrayDataReference(_diffCoefficients);
        int t = _levels;
        int sum = 0;
        for (int w = 0; w < words; w++)
        {
            ulong rising = Unsafe.Add(ref column, w) ^ flip;
            ref ulong lw = ref Unsafe.Add(ref levels, w * t);
            for (int l = 0; l < t; l++)
            {
                sum += Unsafe.Add(ref diff, l) * BitOperations.PopCount(Unsafe.Add(ref lw, l) & rising);
            }
        }
        for (int l = 0; l < t; l++) sum += _decCoefficients[l] * _levelCounts[l];
        return sum;
    }

    /// <summary>Moves weight j by +2 (<paramref name="up"/>) or −2 in numerator units and updates the cache.</summary>
    protected void Shift(int j, bool up)
    {
        Energy += DeltaToward(j, up);
        int step = up ? 2 : -2;
        switch (_kernel)
        {
            case UpdateKernel.Vector512: UpdateVector512(j, step); break;
            case UpdateKernel.Vector256: UpdateVector256(j, step); break;
            default: UpdateScalar(j, step); break;
        }
    }

    private void UpdateScalar(int j, int step)
    {
        ReadOnlySpan<ulong> column = _problem.ColumnBits(j);
        for (int mu = 0; mu < _problem.P; mu++) _fields[mu] += ((column[mu >> 6] >> (mu & 63)) & 1) != 0 ? step : -step;
        RebuildLevelsScalar();
    }

    private void RebuildLevelsScalar()
    {
        Array.Clear(_levelBits);
        for (int mu = 0; mu < _problem.P; mu++)
        {
            int h = _fields[mu];
            for (int l = 0; l < _levels; l++)
            {
                if (h <= _thresholds[l]) _levelBits[(mu >> 6) * _levels + l] |= 1UL << (mu & 63);
            }
        }
        CountLevels();
    }

    // The vector kernels read the packed column (one bit per pattern, an eighth of a byte column's traffic, which
    // matters once the columns outgrow the caches) and turn each chunk of bits into lane masks by broadcasting it and
    // testing one bit per lane. Padding bits read as x = −1, so a padding field moves with −Σ_j W_j, by at most 2N
    // from its start: far above every threshold still.
    private void UpdateVector256(int j, int step)
    {
        ref ulong column = ref MemoryMarshal.GetReference(_problem.ColumnBits(j));
        ref int fields = ref MemoryMarshal.GetArrayDataReference(_fields);
        int words = _problem.PatternWords;
        var negStep = Vector256.Create(-step);
        var lanes = Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);
        Span<Vector256<int>> h = stackalloc Vector256<int>[8];
        for (int w = 0; w < words; w++)
        {
            ulong bits = Unsafe.Add(ref column, w);
            nuint offset = (nuint)(w * 64);
            for (int q = 0; q < 8; q++)
            {
                var rising = Vector256.Equals(Vector256.Create((int)(bits >> (8 * q))) & lanes, lanes);
                h[q] = Vector256.LoadUnsafe(ref fields, offset + (nuint)(8 * q)) + ((negStep ^ rising) - rising);
                h[q].StoreUnsafe(ref fields, offset + (nuint)(8 * q));
            }
            for (int l = 0; l < _levels; l++)
            {
                var t = Vector256.Create(_thresholds[l]);
                ulong levelBits = 0;
                for (int q = 0; q < 8; q++) levelBits |= (ulong)Vector256.LessThanOrEqual(h[q], t).ExtractMostSignificantBits() << (8 * q);
                _levelBits[w * _levels + l] = levelBits;
            }
        }
        CountLevels();
    }

    private void UpdateVector512(int j, int step)
    {
        Span<int> counts = _levelCounts;
        counts.Clear();
        ref ulong column = ref MemoryMarshal.GetReference(_problem.ColumnBits(j));
        ref int fields = ref MemoryMarshal.GetArrayDataReference(_fields);
        ref ulong levelBits = ref MemoryMarshal.GetArrayDataReference(_levelBits);
        int words = _problem.PatternWords;
        int levels = _levels;
        // +step where x = +1 (rising all ones), −step elsewhere: (−step ^ rising) − rising.
        var negStep = Vector512.Create(-step);
        var lanes = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);
        for (int w = 0; w < words; w++)
        {
            ulong bits = Unsafe.Add(ref column, w);
            nuint offset = (nuint)(w * 64);
            var r0 = Vector512.Equals(Vector512.Create((int)bits) & lanes, lanes);
            var r1 = Vector512.Equals(Vector512.Create((int)(bits >> 16)) & lanes, lanes);
            var r2 = Vector512.Equals(Vector512.Create((int)(bits >> 32)) & lanes, lanes);
            var r3 = Vector512.Equals(Vector512.Create((int)(bits >> 48)) & lanes, lanes);
            var h0 = Vector512.LoadUnsafe(ref fields, offset) + ((negStep ^ r0) - r0);
            var h1 = Vector512.LoadUnsafe(ref fields, offset + 16) + ((negStep ^ r1) - r1);
            var h2 = Vector512.LoadUnsafe(ref fields, offset + 32) + ((negStep ^ r2) - r2);
            var h3 = Vector512.LoadUnsafe(ref fields, offset + 48) + ((negStep ^ r3) - r3);
            h0.StoreUnsafe(ref fields, offset);
            h1.StoreUnsafe(ref fields, offset + 16);
            h2.StoreUnsafe(ref fields, offset + 32);
            h3.StoreUnsafe(ref fields, offset + 48);
            ref ulong lw = ref Unsafe.Add(ref levelBits, w * levels);
            for (int l = 0; l < levels; l++)
            {
                var t = Vector512.Create(_thresholds[l]);
                ulong bitsAtLevel =
                    Vector512.LessThanOrEqual(h0, t).ExtractMostSignificantBits()
                    | (Vector512.LessThanOrEqual(h1, t).ExtractMostSignificantBits() << 16)
                    | (Vector512.LessThanOrEqual(h2, t).ExtractMostSignificantBits() << 32)
                    | (Vector512.LessThanOrEqual(h3, t).ExtractMostSignificantBits() << 48);
                Unsafe.Add(ref lw, l) = bitsAtLevel;
                counts[l] += BitOperations.PopCount(bitsAtLevel);
            }
        }
    }

    private void CountLevels()
    {
        Array.Clear(_levelCounts);
        int i = 0;
        for (int w = 0; w < _problem.PatternWords; w++)
        {
            for (int l = 0; l < _levels; l++) _levelCounts[l] += BitOperations.PopCount(_levelBits[i++]);
        }
    }
}
