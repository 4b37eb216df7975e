using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LocalEntropy.Numerics;

namespace LocalEntropy.Problems;

/// <summary>
/// The perceptron with multi-level discrete weights (ALGORITHMS.md §1.2): the patterns of a <see cref="Perceptron"/>
/// and weights on the L+1 levels W_i = w_i/L, w_i ∈ {−L, −L+2, …, L}. Fields are kept as integers in numerator
/// units, h^μ = Σ_i x^μ_i w_i = L·(W·x^μ); pattern μ is violated when h^μ ≤ 0, as for binary weights (with even
/// numerators a zero field can occur for any N, and it counts as an error). L = 1 is the binary perceptron.
/// </summary>
public sealed class LevelPerceptron : IEnergyProblem<LevelWeights>
{
    /// <summary>The problem on the patterns of <paramref name="patterns"/> with L = <paramref name="levels"/>.</summary>
    public LevelPerceptron(Perceptron patterns, int levels)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        LevelWeights.CheckLevels(levels);
        Patterns = patterns;
        Levels = levels;
    }

    /// <summary>The patterns and labels (a binary perceptron on the same data).</summary>
    public Perceptron Patterns { get; }

    /// <summary>L: the weights take L+1 values.</summary>
    public int Levels { get; }

    /// <summary>Number of weights.</summary>
    public int N => Patterns.N;

    /// <summary>Number of patterns.</summary>
    public int P => Patterns.P;

    /// <summary>α = P/N.</summary>
    public double Alpha => Patterns.Alpha;

    /// <inheritdoc />
    public int Size => N;

    /// <inheritdoc />
    public int Constraints => P;

    /// <summary>
    /// The move energy in numerator units. The hinge margin k of <see cref="MoveEnergy"/> is in units of the real
    /// field W·x, so that the same k asks the same robustness of every L: the threshold is k·L, plus 1 when fields can
    /// be zero (N·L even), so that a zero field, which is an error, also costs energy. With odd fields h ≤ 0 already
    /// means h ≤ −1, and L = 1 gives the binary perceptron's hinge.
    /// </summary>
    public MoveEnergy NumeratorEnergy(MoveEnergy energy) =>
        energy.Kind == MoveEnergyKind.Hinge ? MoveEnergy.Hinge(checked(energy.Margin * Levels + (FieldParity == 0 ? 1 : 0))) : energy;

    /// <summary>The parity of every field: w_i ≡ L (mod 2), so h ≡ N·L.</summary>
    private int FieldParity => (N * Levels) & 1;

    /// <summary>The integer fields h^μ = Σ_i x^μ_i w_i of every pattern.</summary>
    public void Fields(LevelWeights weights, Span<int> fields)
    {
        CheckWeights(weights);
        if (fields.Length != P) throw new ArgumentException($"need {P} fields", nameof(fields));
        int padded = Patterns.PaddedP;
        int[] buffer = ArrayPool<int>.Shared.Rent(padded);
        try
        {
            Span<int> acc = buffer.AsSpan(0, padded);
            acc.Clear();
            ReadOnlySpan<sbyte> w = weights.Numerators;
            for (int j = 0; j < N; j++)
            {
                if (w[j] != 0) AddColumn(acc, Patterns.Column(j), w[j]);
            }
            acc[..P].CopyTo(fields);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    public int Errors(LevelWeights config)
    {
        int[] fields = ArrayPool<int>.Shared.Rent(P);
        try
        {
            Span<int> h = fields.AsSpan(0, P);
            Fields(config, h);
            int errors = 0;
            foreach (int f in h) errors += f <= 0 ? 1 : 0;
            return errors;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(fields);
        }
    }

    /// <summary>A fresh incremental state at a copy of <paramref name="start"/>; the hinge is taken in numerator units (see <see cref="NumeratorEnergy"/>).</summary>
    public ILevelState CreateState(LevelWeights start, MoveEnergy energy)
    {
        CheckWeights(start);
        return new LevelFlipState(this, FieldEnergy.For(NumeratorEnergy(energy), FieldParity), start);
    }

    internal ILevelState CreateState(LevelWeights start, MoveEnergy energy, PerceptronFieldState.UpdateKernel kernel) =>
        new LevelFlipState(this, FieldEnergy.For(NumeratorEnergy(energy), FieldParity), start, kernel);

    /// <summary>
    /// The number of solutions among all (L+1)^N weight vectors, by a reflected mixed-radix Gray code (each step moves
    /// one weight by one level and updates the fields incrementally). Meant for small N: the cost is (L+1)^N·P.
    /// </summary>
    public long CountSolutions(CancellationToken cancellationToken = default)
    {
        var fields = new int[P];
        var w = new LevelWeights(N, Levels);
        Fields(w, fields);
        int errors = 0;
        foreach (int h in fields) errors += h <= 0 ? 1 : 0;
        var up = new bool[N];
        Array.Fill(up, true);
        long count = 0;
        long visited = 0;
        void Visit(int i)
        {
            if (i < 0)
            {
                if (errors == 0) count++;
                if ((++visited & 0xFFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                return;
            }
            for (int t = 0; t <= Levels; t++)
            {
                if (t > 0)
                {
                    ReadOnlySpan<sbyte> column = Patterns.Column(i);
                    int step = up[i] ? 2 : -2;
                    for (int mu = 0; mu < P; mu++)
                    {
                        int before = fields[mu], after = before + step * column[mu];
                        errors += (after <= 0 ? 1 : 0) - (before <= 0 ? 1 : 0);
                        fields[mu] = after;
                    }
                }
                Visit(i - 1);
            }
            up[i] = !up[i];
        }
        Visit(N - 1);
        return count;
    }

    /// <summary>acc += w·column over the padded patterns (a multiple of 64), widening 32 bytes at a time.</summary>
    private static void AddColumn(Span<int> acc, ReadOnlySpan<sbyte> column, int w)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            for (int i = 0; i < acc.Length; i++) acc[i] += w * column[i];
            return;
        }
        ref sbyte c = ref MemoryMarshal.GetReference(column);
        ref int a = ref MemoryMarshal.GetReference(acc);
        var vw = Vector256.Create(w);
        for (int i = 0; i < acc.Length; i += 32)
        {
            var (lo16, hi16) = Vector256.Widen(Vector256.LoadUnsafe(ref c, (nuint)i));
            var (x0, x1) = Vector256.Widen(lo16);
            var (x2, x3) = Vector256.Widen(hi16);
            (Vector256.LoadUnsafe(ref a, (nuint)i) + vw * x0).StoreUnsafe(ref a, (nuint)i);
            (Vector256.LoadUnsafe(ref a, (nuint)i + 8) + vw * x1).StoreUnsafe(ref a, (nuint)i + 8);
            (Vector256.LoadUnsafe(ref a, (nuint)i + 16) + vw * x2).StoreUnsafe(ref a, (nuint)i + 16);
            (Vector256.LoadUnsafe(ref a, (nuint)i + 24) + vw * x3).StoreUnsafe(ref a, (nuint)i + 24);
        }
    }

    private void CheckWeights(LevelWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != N)
            throw new ArgumentException($"weights have length {weights.Length}, the problem has N = {N}", nameof(weights));
        if (weights.Levels != Levels)
            throw new ArgumentException($"weights have L = {weights.Levels}, the problem has L = {Levels}", nameof(weights));
    }
}

/// <summary>
/// A multi-level configuration with the cached fields that make one-level moves cheap. Implementations allocate
/// nothing in <see cref="DeltaEnergy"/> and <see cref="Move(int, bool)"/>.
/// </summary>
public interface ILevelState
{
    /// <summary>The current configuration (a live view: it changes with <see cref="Move(int, bool)"/>).</summary>
    LevelWeights Configuration { get; }

    /// <summary>Current value of the move energy (in numerator units: a one-level move changes a field by ±2).</summary>
    long Energy { get; }

    /// <summary>Current number of violated constraints.</summary>
    int Errors { get; }

    /// <summary>Change of the move energy if weight <paramref name="j"/> moved one level up (<paramref name="up"/>) or down.</summary>
    int DeltaEnergy(int j, bool up);

    /// <summary>Moves weight <paramref name="j"/> one level; the move must stay inside [−1, 1].</summary>
    void Move(int j, bool up);

    /// <summary>
    /// <see cref="Move(int, bool)"/> for a move whose <see cref="DeltaEnergy"/> the caller has just computed as
    /// <paramref name="delta"/>; an implementation may use it to skip computing it again.
    /// </summary>
    void Move(int j, bool up, int delta) => Move(j, up);

    /// <summary>Moves the state to a copy of <paramref name="config"/>, recomputing the cache.</summary>
    void Reset(LevelWeights config);
}

/// <summary>The packed field state of <see cref="PerceptronFieldState"/> under one-level moves of multi-level weights.</summary>
internal sealed class LevelFlipState : PerceptronFieldState, ILevelState
{
    private readonly LevelPerceptron _problem;
    private readonly LevelWeights _weights;

    public LevelFlipState(LevelPerceptron problem, FieldEnergy energy, LevelWeights start, UpdateKernel kernel = UpdateKernel.Auto)
        : base(problem.Patterns, energy, (long)problem.N * problem.Levels, kernel)
    {
        _problem = problem;
        _weights = start.Clone();
        Reset(start);
    }

    public LevelWeights Configuration => _weights;

    public void Reset(LevelWeights config)
    {
        _weights.CopyFrom(config);
        _problem.Fields(_weights, LiveFields);
        Recount();
    }

    public int DeltaEnergy(int j, bool up) => DeltaToward(j, up);

    public void Move(int j, bool up) => Move(j, up, DeltaEnergy(j, up));

    public void Move(int j, bool up, int delta)
    {
        int w = _weights[j] + (up ? 2 : -2);
        if (w < -_problem.Levels || w > _problem.Levels)
            throw new ArgumentOutOfRangeException(nameof(up), $"weight {j} is already at the {(up ? "top" : "bottom")} level");
        Shift(j, up, delta);
        _weights.Step(j, up);
    }
}
