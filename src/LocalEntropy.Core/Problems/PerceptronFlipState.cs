using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
        : base(problem, energy, problem.N, kernel)
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

    public void Flip(int j) => Flip(j, DeltaEnergy(j));

    public void Flip(int j, int delta)
    {
        Shift(j, up: _weights[j] < 0, delta);
        _weights.Flip(j);
    }
}

/// <summary>
/// The integer fields h^μ of a perceptron and, for every threshold of the move energy, the bitset {μ : h^μ ≤ t}.
/// A move of one weight by ±2 in numerator units (a spin flip, or one level of a multi-level weight) costs a few
/// popcounts per 64 patterns to evaluate (see <see cref="FieldEnergy"/>); an accepted move updates all fields with
/// SIMD and rebuilds the bitsets. Where the fields fit in 16 bits (|h| ≤ N·L below 2¹⁵) and AVX-512 is there, they are
/// kept as 16-bit integers: the update then touches half the vectors.
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

        /// <summary>AVX-512 on 16-bit fields; only where every field and threshold fits (see <see cref="FitsNarrow"/>).</summary>
        Vector512Narrow,
    }

    // Fields of padding patterns sit far above every threshold so they never enter a level set.
    private const int PaddingField = int.MaxValue / 2;

    private readonly Perceptron _problem;
    // The fields as written by Reset; the current ones unless the kernel is Vector512Narrow, which keeps them in _narrow.
    private readonly int[] _fields;
    private readonly short[]? _narrow;
    private readonly int[] _thresholds;
    private readonly int[] _decCoefficients;
    private readonly int[] _diffCoefficients;
    private readonly int _levels;
    private readonly int _errorLevel;
    private readonly FieldEnergy _energy;

    // Level-set bitsets, level-major (one row of PatternWords words per threshold): _levelBits[t * words + w].
    private readonly ulong[] _levelBits;
    private readonly int[] _levelCounts;

    private readonly UpdateKernel _kernel;

    /// <param name="problem">The patterns.</param>
    /// <param name="energy">The move energy on the fields.</param>
    /// <param name="fieldBound">The largest |h^μ| any configuration can reach (N for spins, N·L for L levels).</param>
    /// <param name="kernel">The update kernel; Auto picks the fastest the hardware and the field range allow.</param>
    protected PerceptronFieldState(Perceptron problem, FieldEnergy energy, long fieldBound, UpdateKernel kernel)
    {
        bool narrow = FitsNarrow(fieldBound, energy);
        if (kernel == UpdateKernel.Vector512Narrow && !narrow)
            throw new ArgumentOutOfRangeException(nameof(kernel), $"fields up to {fieldBound} do not fit in 16 bits");
        _kernel = kernel != UpdateKernel.Auto ? kernel
            : Vector512.IsHardwareAccelerated ? (narrow ? UpdateKernel.Vector512Narrow : UpdateKernel.Vector512)
            : Vector256.IsHardwareAccelerated ? UpdateKernel.Vector256
            : UpdateKernel.Scalar;
        if (_kernel == UpdateKernel.Vector512Narrow) _narrow = new short[problem.PaddedP];
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

    /// <summary>Whether fields bounded by <paramref name="fieldBound"/>, one ±2 step beyond it and every threshold fit in a short.</summary>
    internal static bool FitsNarrow(long fieldBound, FieldEnergy energy) =>
        fieldBound + 2 <= short.MaxValue && energy.Thresholds.All(t => Math.Abs(t) <= short.MaxValue);

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
        if (_narrow is not null)
        {
            // Padding stays 0: its level bits are masked off after every update instead.
            for (int mu = 0; mu < p; mu++) _narrow[mu] = (short)_fields[mu];
        }
        RebuildLevelsScalar();
    }

    /// <summary>Change of the move energy if weight j moved by +2 (<paramref name="up"/>) or −2 in numerator units.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected int DeltaToward(int j, bool up)
    {
        ReadOnlySpan<ulong> column = _problem.ColumnBits(j);
        // Moving W_j up raises the fields where x^μ_j = +1 (the set bits of the column), moving it down the others.
        ulong flip = up ? 0UL : ulong.MaxValue;
        int words = _problem.PatternWords;
        int sum = 0;
        for (int l = 0; l < _levels; l++)
        {
            int rising = SpinKernels.PopCountAnd(_levelBits.AsSpan(l * words, words), column, flip);
            sum += _diffCoefficients[l] * rising + _decCoefficients[l] * _levelCounts[l];
        }
        return sum;
    }

    /// <summary>
    /// Moves weight j by +2 (<paramref name="up"/>) or −2 in numerator units and updates the cache;
    /// <paramref name="delta"/> is the move's energy change, <see cref="DeltaToward"/>, which the caller has at hand.
    /// </summary>
    protected void Shift(int j, bool up, int delta)
    {
        Energy += delta;
        int step = up ? 2 : -2;
        switch (_kernel)
        {
            case UpdateKernel.Vector512Narrow: UpdateVector512Narrow(j, step); break;
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
                if (h <= _thresholds[l]) _levelBits[l * _problem.PatternWords + (mu >> 6)] |= 1UL << (mu & 63);
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
                _levelBits[l * words + w] = levelBits;
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
            for (int l = 0; l < levels; l++)
            {
                var t = Vector512.Create(_thresholds[l]);
                ulong bitsAtLevel =
                    Vector512.LessThanOrEqual(h0, t).ExtractMostSignificantBits()
                    | (Vector512.LessThanOrEqual(h1, t).ExtractMostSignificantBits() << 16)
                    | (Vector512.LessThanOrEqual(h2, t).ExtractMostSignificantBits() << 32)
                    | (Vector512.LessThanOrEqual(h3, t).ExtractMostSignificantBits() << 48);
                Unsafe.Add(ref levelBits, l * words + w) = bitsAtLevel;
                counts[l] += BitOperations.PopCount(bitsAtLevel);
            }
        }
    }

    // As UpdateVector512 on 16-bit fields: 32 lanes, each half of a vector takes 16 bits of the column (a word-wise
    // permute spreads the column word over the lanes). Padding fields are not kept in range here (they may wrap); the
    // last word's level bits are masked to the real patterns instead. Three levels, the common case, keep their
    // thresholds and counts in registers.
    private void UpdateVector512Narrow(int j, int step)
    {
        ref ulong column = ref MemoryMarshal.GetReference(_problem.ColumnBits(j));
        ref short fields = ref MemoryMarshal.GetArrayDataReference(_narrow!);
        ref ulong levelBits = ref MemoryMarshal.GetArrayDataReference(_levelBits);
        int words = _problem.PatternWords;
        int levels = _levels;
        var move = new NarrowMove(step);
        if (levels == 3)
        {
            Vector512<short> t0 = Vector512.Create((short)_thresholds[0]), t1 = Vector512.Create((short)_thresholds[1]), t2 = Vector512.Create((short)_thresholds[2]);
            int c0 = 0, c1 = 0, c2 = 0;
            for (int w = 0; w < words; w++)
            {
                move.Apply(ref fields, Unsafe.Add(ref column, w), w, out Vector512<short> h0, out Vector512<short> h1);
                ulong b0 = AtOrBelow(h0, h1, t0), b1 = AtOrBelow(h0, h1, t1), b2 = AtOrBelow(h0, h1, t2);
                Unsafe.Add(ref levelBits, w) = b0;
                Unsafe.Add(ref levelBits, words + w) = b1;
                Unsafe.Add(ref levelBits, 2 * words + w) = b2;
                c0 += BitOperations.PopCount(b0);
                c1 += BitOperations.PopCount(b1);
                c2 += BitOperations.PopCount(b2);
            }
            _levelCounts[0] = c0;
            _levelCounts[1] = c1;
            _levelCounts[2] = c2;
        }
        else
        {
            Span<int> counts = _levelCounts;
            counts.Clear();
            for (int w = 0; w < words; w++)
            {
                move.Apply(ref fields, Unsafe.Add(ref column, w), w, out Vector512<short> h0, out Vector512<short> h1);
                for (int l = 0; l < levels; l++)
                {
                    ulong b = AtOrBelow(h0, h1, Vector512.Create((short)_thresholds[l]));
                    Unsafe.Add(ref levelBits, l * words + w) = b;
                    counts[l] += BitOperations.PopCount(b);
                }
            }
        }
        ulong keep = SpinKernels.TailMask(_problem.P);
        if (keep != ulong.MaxValue)
        {
            for (int l = 0; l < levels; l++)
            {
                ref ulong last = ref Unsafe.Add(ref levelBits, l * words + words - 1);
                _levelCounts[l] -= BitOperations.PopCount(last & ~keep);
                last &= keep;
            }
        }
    }

    /// <summary>The 64 bits of {μ : h^μ ≤ t} for the 64 fields in <paramref name="h0"/> and <paramref name="h1"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AtOrBelow(Vector512<short> h0, Vector512<short> h1, Vector512<short> t) =>
        Vector512.LessThanOrEqual(h0, t).ExtractMostSignificantBits() | (Vector512.LessThanOrEqual(h1, t).ExtractMostSignificantBits() << 32);

    /// <summary>Adds ±step to 64 short fields by one column word: +step where the bit is set (x = +1), −step elsewhere.</summary>
    internal readonly struct NarrowMove(int step)
    {
        private static readonly Vector512<short> Lanes = Vector512.Create(LaneBits(), LaneBits());
        internal static readonly Vector512<short> LowHalves = Vector512.Create(Vector256.Create((short)0), Vector256.Create((short)1));
        internal static readonly Vector512<short> HighHalves = Vector512.Create(Vector256.Create((short)2), Vector256.Create((short)3));

        private readonly Vector512<short> _up = Vector512.Create((short)step);
        private readonly Vector512<short> _down = Vector512.Create((short)-step);

        private static Vector256<short> LaneBits() =>
            Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, short.MinValue);

        /// <summary>Two of the word's 16-bit quarters, each over one half of the lanes (which two: <paramref name="quarterIndex"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector512<short> Spread(ulong bits, Vector512<short> quarterIndex) =>
            Avx512BW.IsSupported ? Avx512BW.PermuteVar32x16(Vector512.Create(bits).AsInt16(), quarterIndex) : SpreadPortable(bits, quarterIndex);

        /// <summary><see cref="Spread"/> without AVX-512BW.</summary>
        internal static Vector512<short> SpreadPortable(ulong bits, Vector512<short> quarterIndex) =>
            Vector512.Create(Vector256.Create((short)(bits >> (16 * quarterIndex[0]))), Vector256.Create((short)(bits >> (16 * quarterIndex[31]))));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref short fields, ulong bits, int w, out Vector512<short> h0, out Vector512<short> h1)
        {
            Vector512<short> lanes = Lanes;
            var rising0 = Vector512.Equals(Spread(bits, LowHalves) & lanes, lanes);
            var rising1 = Vector512.Equals(Spread(bits, HighHalves) & lanes, lanes);
            nuint offset = (nuint)(w * 64);
            h0 = Vector512.LoadUnsafe(ref fields, offset) + Vector512.ConditionalSelect(rising0, _up, _down);
            h1 = Vector512.LoadUnsafe(ref fields, offset + 32) + Vector512.ConditionalSelect(rising1, _up, _down);
            h0.StoreUnsafe(ref fields, offset);
            h1.StoreUnsafe(ref fields, offset + 32);
        }
    }

    private void CountLevels()
    {
        int words = _problem.PatternWords;
        for (int l = 0; l < _levels; l++) _levelCounts[l] = SpinKernels.PopCount(_levelBits.AsSpan(l * words, words));
    }
}
