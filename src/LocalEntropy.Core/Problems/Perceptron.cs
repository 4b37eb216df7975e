using LocalEntropy.Numerics;

namespace LocalEntropy.Problems;

/// <summary>
/// The binary perceptron (ALGORITHMS.md §1.1): N weights ±1 must classify P patterns ξ^μ with labels σ^μ.
/// Labels are absorbed into x^μ = σ^μ ξ^μ; pattern μ is violated when the field h^μ = W·x^μ is ≤ 0
/// (for odd N the field is odd and never 0).
/// </summary>
public sealed class Perceptron : IFlipProblem
{
    // Only the packed signed rows are stored eagerly (N·P bits): at N = 10⁵, α = 0.6 they are 750 MB, and every
    // other layout (the transposed bits, one byte or one float per entry) is built on first use by the solvers
    // that need it.
    private readonly ulong[] _rowWords;
    private readonly SpinVector? _teacher;
    private readonly sbyte[] _labels;
    private readonly Lazy<ulong[]> _columnBits;
    private readonly Lazy<sbyte[]> _columns;
    private readonly Lazy<float[]> _denseRows;

    /// <summary>Builds a problem from patterns ξ^μ (each of length N) and labels σ^μ.</summary>
    public Perceptron(IReadOnlyList<SpinVector> inputs, IReadOnlyList<int> labels, SpinVector? teacher = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        if (inputs.Count == 0) throw new ArgumentException("a perceptron needs at least one pattern", nameof(inputs));
        if (labels.Count != inputs.Count)
            throw new ArgumentException($"{inputs.Count} patterns but {labels.Count} labels", nameof(labels));
        N = inputs[0].Length;
        if (N < 1) throw new ArgumentException("patterns must have at least one input", nameof(inputs));
        P = inputs.Count;
        if (teacher is not null && teacher.Length != N)
            throw new ArgumentException($"teacher has {teacher.Length} weights, patterns have {N}", nameof(teacher));
        _teacher = teacher?.Clone();
        RowWords = SpinKernels.WordCount(N);
        _rowWords = new ulong[(long)inputs.Count * RowWords];
        PaddedN = SpinKernels.WordCount(N) * 64;
        _denseRows = new Lazy<float[]>(BuildDenseRows);

        _labels = new sbyte[P];
        PatternWords = SpinKernels.WordCount(P);
        PaddedP = PatternWords * 64;
        _columnBits = new Lazy<ulong[]>(BuildColumnBits);
        _columns = new Lazy<sbyte[]>(BuildColumns);
        ulong tail = SpinKernels.TailMask(N);
        for (int mu = 0; mu < P; mu++)
        {
            SpinVector xi = inputs[mu];
            if (xi.Length != N) throw new ArgumentException($"pattern {mu} has {xi.Length} inputs, expected {N}", nameof(inputs));
            int sigma = labels[mu];
            if (sigma is not (1 or -1)) throw new ArgumentException($"label {mu} is {sigma}, expected -1 or 1", nameof(labels));
            _labels[mu] = (sbyte)sigma;
            Span<ulong> row = _rowWords.AsSpan(mu * RowWords, RowWords);
            xi.Words.CopyTo(row);
            if (sigma < 0) FlipAll(row, tail);
        }
    }

    /// <summary>Negates every spin of a packed row, keeping the bits past N zero.</summary>
    private static void FlipAll(Span<ulong> row, ulong tail)
    {
        for (int w = 0; w < row.Length; w++) row[w] = ~row[w];
        row[^1] &= tail;
    }

    /// <summary>Number of weights.</summary>
    public int N { get; }

    /// <summary>Number of patterns.</summary>
    public int P { get; }

    /// <summary>α = P/N.</summary>
    public double Alpha => (double)P / N;

    /// <summary>A copy of the teacher of a teacher-student instance, if known.</summary>
    public SpinVector? Teacher => _teacher?.Clone();

    /// <inheritdoc />
    public int Size => N;

    /// <inheritdoc />
    public int Constraints => P;

    /// <summary>A copy of pattern ξ^μ as given (label not absorbed).</summary>
    public SpinVector Input(int mu)
    {
        SpinVector xi = SignedInput(mu);
        if (_labels[mu] < 0) FlipAll(xi.WritableWords, SpinKernels.TailMask(N));
        return xi;
    }

    /// <summary>Label σ^μ.</summary>
    public int Label(int mu) => _labels[mu];

    /// <summary>A copy of x^μ = σ^μ ξ^μ.</summary>
    public SpinVector SignedInput(int mu) => SpinVector.FromWords(SignedRow(mu), N);

    /// <summary>Words per packed row (N rounded up to 64 bits).</summary>
    internal int RowWords { get; }

    /// <summary>x^μ packed, read-only view into the contiguous row store.</summary>
    internal ReadOnlySpan<ulong> SignedRow(int mu) => _rowWords.AsSpan(mu * RowWords, RowWords);

    /// <summary>Every x^μ packed, row after row (<see cref="RowWords"/> words each).</summary>
    internal ReadOnlyMemory<ulong> RowStore => _rowWords;

    /// <summary>Every column of the signed inputs packed over patterns, column after column (<see cref="PatternWords"/> words each).</summary>
    internal ReadOnlyMemory<ulong> ColumnStore => _columnBits.Value;

    internal int PatternWords { get; }

    /// <summary>Column j of the signed inputs over patterns, packed (bit μ set when x^μ_j = +1).</summary>
    internal ReadOnlySpan<ulong> ColumnBits(int j) => _columnBits.Value.AsSpan(j * PatternWords, PatternWords);

    /// <summary>P rounded up to whole 64-pattern words.</summary>
    internal int PaddedP { get; }

    /// <summary>Column j of the signed inputs over patterns, one byte each, zero-padded to <see cref="PaddedP"/>.</summary>
    internal ReadOnlySpan<sbyte> Column(int j) => _columns.Value.AsSpan(j * PaddedP, PaddedP);

    /// <summary>N rounded up to whole 64-bit words.</summary>
    internal int PaddedN { get; }

    /// <summary>x^μ as floats, zero-padded to <see cref="PaddedN"/> (for gradient-style updates).</summary>
    internal ReadOnlySpan<float> DenseRow(int mu) => _denseRows.Value.AsSpan(mu * PaddedN, PaddedN);

    private float[] BuildDenseRows()
    {
        var rows = new float[(long)P * PaddedN];
        var spins = new sbyte[N];
        for (int mu = 0; mu < P; mu++)
        {
            SpinKernels.Unpack(SignedRow(mu), spins);
            for (int j = 0; j < N; j++) rows[(long)mu * PaddedN + j] = spins[j];
        }
        return rows;
    }

    private ulong[] BuildColumnBits()
    {
        var columns = new ulong[(long)N * PatternWords];
        PackedProduct.Transpose(_rowWords, P, N, columns);
        return columns;
    }

    private sbyte[] BuildColumns()
    {
        var columns = new sbyte[(long)N * PaddedP];
        for (int j = 0; j < N; j++) SpinKernels.Unpack(ColumnBits(j), columns.AsSpan(j * PaddedP, P));
        return columns;
    }

    /// <summary>The field h^μ = W·x^μ of every pattern.</summary>
    public void Fields(SpinVector weights, Span<int> fields)
    {
        CheckWeights(weights);
        if (fields.Length != P) throw new ArgumentException($"need {P} fields", nameof(fields));
        ReadOnlySpan<ulong> w = weights.Words;
        for (int mu = 0; mu < P; mu++) fields[mu] = SpinKernels.Dot(w, SignedRow(mu), N);
    }

    /// <inheritdoc />
    public int Errors(SpinVector config)
    {
        CheckWeights(config);
        // h ≤ 0 ⇔ Hamming ≥ N/2.
        int errors = SpinKernels.CountFar(config.Words, _rowWords, (N + 1) >> 1);
        return errors;
    }

    /// <summary>Scalar reference for <see cref="Errors"/> on dense ±1 rows (tests and benchmarks).</summary>
    internal static int ErrorsScalar(sbyte[][] signedRows, ReadOnlySpan<sbyte> weights)
    {
        int errors = 0;
        foreach (sbyte[] x in signedRows)
        {
            if (SpinKernels.DotScalar(weights, x) <= 0) errors++;
        }
        return errors;
    }

    /// <summary>The signed inputs as dense ±1 rows (for scalar references).</summary>
    internal sbyte[][] SignedRows() => [.. Enumerable.Range(0, P).Select(mu => SignedInput(mu).ToSpins())];

    /// <summary>Generalization error arccos(q)/π of a student against the teacher (teacher-student instances only).</summary>
    public double GeneralizationError(SpinVector student)
    {
        if (_teacher is null) throw new InvalidOperationException("this instance has no known teacher");
        CheckWeights(student);
        double q = (double)student.Dot(_teacher) / N;
        return Math.Acos(q) / Math.PI;
    }

    /// <inheritdoc />
    public IFlipState CreateState(SpinVector start, MoveEnergy energy)
    {
        CheckWeights(start);
        return new PerceptronFlipState(this, FieldEnergy.For(energy, N & 1), start);
    }

    private void CheckWeights(SpinVector weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != N)
            throw new ArgumentException($"weights have length {weights.Length}, the problem has N = {N}", nameof(weights));
    }
}
