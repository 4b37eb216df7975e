using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// The replicated-MC inner loop at α = 0.7, N = 1001 (everything in cache) and N = 10001 (the patterns outgrow the
/// caches): the cost of one proposal (ΔE of a single flip) and of one accepted flip on
/// <see cref="PerceptronFlipState"/>, each beside a scalar reference on int fields and ±1 byte columns. Every
/// invocation runs over the same 8192 precomputed random sites; accepted flips run forwards and then backwards over
/// them, so the state returns to where it started and every invocation sees the same fields.
/// </summary>
[Config(typeof(QuickConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class FlipBenchmarks
{
    public const int Moves = 8192;

    private IFlipState _state = null!;
    private PerceptronFlipState _direct = null!;
    private int[] _moves = null!;
    private int[] _fields = null!;
    private sbyte[][] _columns = null!;
    private sbyte[] _weights = null!;

    /// <summary>Number of weights N; P = 0.7 N patterns.</summary>
    [Params(1001, 10001)]
    public int N { get; set; } = 1001;

    private int P => (int)Math.Round(0.7 * N);

    /// <summary>The move energy: hinge with margin 0 (the rmc default) or the plain error count.</summary>
    [Params("hinge0", "errors")]
    public string Energy { get; set; } = "hinge0";

    private bool IsErrors => Energy == "errors";

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(2);
        Perceptron problem = PerceptronGenerator.Random(N, P, rng);
        var w = SpinVector.Random(N, rng);
        _state = problem.CreateState(w, IsErrors ? MoveEnergy.Errors : MoveEnergy.Hinge(0));
        _direct = (PerceptronFlipState)_state;
        _moves = new int[Moves];
        for (int k = 0; k < Moves; k++) _moves[k] = rng.NextInt(N);
        _fields = new int[P];
        problem.Fields(w, _fields);
        sbyte[][] rows = problem.SignedRows();
        _columns = new sbyte[N][];
        for (int j = 0; j < N; j++)
        {
            _columns[j] = new sbyte[P];
            for (int mu = 0; mu < P; mu++) _columns[j][mu] = rows[mu][j];
        }
        _weights = w.ToSpins();
        foreach (int j in _moves)
        {
            int packed = _state.DeltaEnergy(j), scalar = ScalarDelta(j);
            if (packed != scalar) throw new InvalidOperationException($"ΔE({j}): packed {packed}, scalar {scalar}");
        }
    }

    /// <summary>ΔE recomputed from the int fields by a loop over all P patterns, as a straightforward implementation does it.</summary>
    [BenchmarkCategory("Proposal"), Benchmark(Baseline = true, OperationsPerInvoke = Moves)]
    public long ScalarProposal()
    {
        long sum = 0;
        foreach (int j in _moves) sum += ScalarDelta(j);
        return sum;
    }

    /// <summary>ΔE from level-set popcounts, called through <see cref="IFlipState"/> as the solvers call it.</summary>
    [BenchmarkCategory("Proposal"), Benchmark(OperationsPerInvoke = Moves)]
    public long PackedProposal()
    {
        long sum = 0;
        foreach (int j in _moves) sum += _state.DeltaEnergy(j);
        return sum;
    }

    /// <summary>The same on the sealed concrete type, so the call can inline (shows what interface dispatch costs).</summary>
    [BenchmarkCategory("Proposal"), Benchmark(OperationsPerInvoke = Moves)]
    public long PackedProposalDirect()
    {
        long sum = 0;
        foreach (int j in _moves) sum += _direct.DeltaEnergy(j);
        return sum;
    }

    /// <summary>Accepted flip in a scalar implementation: h^μ += −2 W_j x^μ_j over all P int fields (ΔE already known).</summary>
    [BenchmarkCategory("Flip"), Benchmark(Baseline = true, OperationsPerInvoke = 2 * Moves)]
    public int ScalarFlip()
    {
        for (int k = 0; k < Moves; k++) ScalarApply(_moves[k]);
        for (int k = Moves - 1; k >= 0; k--) ScalarApply(_moves[k]);
        return _fields[0];
    }

    /// <summary>Accepted flip on the packed state: ΔE, SIMD field update, level-set bitsets and counts rebuilt.</summary>
    [BenchmarkCategory("Flip"), Benchmark(OperationsPerInvoke = 2 * Moves)]
    public int PackedFlip()
    {
        for (int k = 0; k < Moves; k++) _state.Flip(_moves[k]);
        for (int k = Moves - 1; k >= 0; k--) _state.Flip(_moves[k]);
        return _state.Errors;
    }

    private int ScalarDelta(int j) =>
        IsErrors ? ScalarDeltaErrors(_fields, _columns[j], _weights[j]) : ScalarDeltaHinge0(_fields, _columns[j], _weights[j]);

    private static int ScalarDeltaHinge0(int[] fields, sbyte[] column, int w)
    {
        int step = -2 * w, delta = 0;
        for (int mu = 0; mu < fields.Length; mu++)
        {
            int h = fields[mu];
            delta += Math.Max(0, -(h + step * column[mu])) - Math.Max(0, -h);
        }
        return delta;
    }

    private static int ScalarDeltaErrors(int[] fields, sbyte[] column, int w)
    {
        int step = -2 * w, delta = 0;
        for (int mu = 0; mu < fields.Length; mu++)
        {
            int h = fields[mu];
            delta += (h + step * column[mu] <= 0 ? 1 : 0) - (h <= 0 ? 1 : 0);
        }
        return delta;
    }

    private void ScalarApply(int j)
    {
        int step = -2 * _weights[j];
        sbyte[] column = _columns[j];
        int[] fields = _fields;
        for (int mu = 0; mu < fields.Length; mu++) fields[mu] += step * column[mu];
        _weights[j] = (sbyte)-_weights[j];
    }
}
