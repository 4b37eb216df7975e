using BenchmarkDotNet.Attributes;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// Single-variable flips on random 3-SAT at N = 10⁴, α = 4.2 (the regime of the reach table): the incremental
/// <see cref="KSatFlipState"/> (true-literal counts, XOR of the true variables, break and make counts, the list of
/// violated clauses) beside the plain way, which recounts the true literals of every clause the variable occurs in
/// before and after the flip to get the change in violated clauses. Each invocation runs the same 10⁵ precomputed
/// flips.
/// </summary>
[Config(typeof(QuickConfig))]
public class KSatFlipBenchmarks
{
    public const int N = 10_000;
    public const int Flips = 100_000;

    private KSat _formula = null!;
    private KSatFlipState _state = null!;
    private SpinVector _plain = null!;
    private int[] _sequence = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(5);
        _formula = KSatGenerator.Random(N, KSatGenerator.ClauseCount(N, 4.2), 3, rng);
        SpinVector start = SpinVector.Random(N, rng);
        _state = _formula.CreateSatState(start);
        _plain = start.Clone();
        _sequence = [.. Enumerable.Range(0, Flips).Select(_ => rng.NextInt(N))];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Flips)]
    public long PlainRecount()
    {
        long violated = 0;
        ReadOnlySpan<int> starts = _formula.OccurrenceStarts, clauses = _formula.OccurrenceClauses;
        foreach (int v in _sequence)
        {
            int before = 0, after = 0;
            for (int o = starts[v]; o < starts[v + 1]; o++) before += Satisfied(clauses[o]) ? 0 : 1;
            _plain.Flip(v);
            for (int o = starts[v]; o < starts[v + 1]; o++) after += Satisfied(clauses[o]) ? 0 : 1;
            violated += after - before;
        }
        return violated;
    }

    [Benchmark(OperationsPerInvoke = Flips)]
    public long Incremental()
    {
        foreach (int v in _sequence) _state.Flip(v);
        return _state.Errors;
    }

    private bool Satisfied(int c)
    {
        foreach (int literal in _formula.Clause(c))
        {
            if (KSat.Holds(literal, _plain)) return true;
        }
        return false;
    }
}
