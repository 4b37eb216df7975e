using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// Multi-level weights at N = 1001, P = 701, L = 4: one-level-move proposals on the packed <see cref="ILevelState"/>
/// (the bitset machinery shared with spin flips) beside a scalar loop over the P int fields, and the full field
/// computation <see cref="LevelPerceptron.Fields"/> (AVX2 column sums) beside a plain loop over ±1 byte rows.
/// Every invocation runs over the same 1024 precomputed (site, direction) moves, none leaving the level set.
/// </summary>
[Config(typeof(QuickConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LevelBenchmarks
{
    public const int N = 1001;
    public const int P = 701;
    public const int Levels = 4;
    public const int Moves = 1024;

    private LevelPerceptron _problem = null!;
    private LevelWeights _weights = null!;
    private ILevelState _state = null!;
    private (int J, bool Up)[] _moves = null!;
    private int[] _fields = null!;
    private int[] _scratch = null!;
    private sbyte[][] _rows = null!;
    private sbyte[][] _columns = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(3);
        _problem = new LevelPerceptron(PerceptronGenerator.Random(N, P, rng), Levels);
        _weights = LevelWeights.Random(N, Levels, rng);
        _state = _problem.CreateState(_weights, MoveEnergy.Hinge(0));
        _moves = new (int, bool)[Moves];
        for (int k = 0; k < Moves; k++)
        {
            int j = rng.NextInt(N);
            bool up = _weights[j] == -Levels || (_weights[j] != Levels && rng.NextBool());
            _moves[k] = (j, up);
        }
        _rows = _problem.Patterns.SignedRows();
        _columns = new sbyte[N][];
        for (int j = 0; j < N; j++)
        {
            _columns[j] = new sbyte[P];
            for (int mu = 0; mu < P; mu++) _columns[j][mu] = _rows[mu][j];
        }
        _fields = new int[P];
        _scratch = new int[P];
        ScalarFields(_rows, _weights.Numerators, _fields);
        _problem.Fields(_weights, _scratch);
        if (!_fields.AsSpan().SequenceEqual(_scratch)) throw new InvalidOperationException("packed and scalar fields differ");
        foreach ((int j, bool up) in _moves)
        {
            int packed = _state.DeltaEnergy(j, up), scalar = ScalarDelta(j, up);
            if (packed != scalar) throw new InvalidOperationException($"ΔE({j}, {up}): packed {packed}, scalar {scalar}");
        }
    }

    /// <summary>ΔE of a one-level move by a loop over all P int fields (hinge threshold 1: N·L is even).</summary>
    [BenchmarkCategory("Proposal"), Benchmark(Baseline = true, OperationsPerInvoke = Moves)]
    public long ScalarProposal()
    {
        long sum = 0;
        foreach ((int j, bool up) in _moves) sum += ScalarDelta(j, up);
        return sum;
    }

    /// <summary>ΔE from level-set popcounts, through <see cref="ILevelState"/> as the solvers call it.</summary>
    [BenchmarkCategory("Proposal"), Benchmark(OperationsPerInvoke = Moves)]
    public long PackedProposal()
    {
        long sum = 0;
        foreach ((int j, bool up) in _moves) sum += _state.DeltaEnergy(j, up);
        return sum;
    }

    /// <summary>All P fields from the weights by a loop over ±1 byte rows (the JIT does not vectorise it).</summary>
    [BenchmarkCategory("Fields"), Benchmark(Baseline = true)]
    public int ScalarAllFields()
    {
        ScalarFields(_rows, _weights.Numerators, _scratch);
        return _scratch[0];
    }

    /// <summary>All P fields by AVX2 column sums (<see cref="LevelPerceptron.Fields"/>).</summary>
    [BenchmarkCategory("Fields"), Benchmark]
    public int PackedAllFields()
    {
        _problem.Fields(_weights, _scratch);
        return _scratch[0];
    }

    private int ScalarDelta(int j, bool up)
    {
        int step = up ? 2 : -2, delta = 0;
        sbyte[] column = _columns[j];
        for (int mu = 0; mu < P; mu++)
        {
            int h = _fields[mu];
            delta += Math.Max(0, 1 - (h + step * column[mu])) - Math.Max(0, 1 - h);
        }
        return delta;
    }

    private static void ScalarFields(sbyte[][] rows, ReadOnlySpan<sbyte> w, int[] fields)
    {
        for (int mu = 0; mu < rows.Length; mu++)
        {
            int h = 0;
            sbyte[] x = rows[mu];
            for (int i = 0; i < x.Length; i++) h += x[i] * w[i];
            fields[mu] = h;
        }
    }
}
