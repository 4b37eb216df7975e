using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using LocalEntropy.Landscape;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Benchmarks;

/// <summary>
/// Exact counting of the solutions of a random perceptron, N = 25, α = 0.3 (P = 8), on one thread: branch and bound
/// with the fields in vector lanes, the same search on plain bytes (its scalar twin), and the other way to do it, a
/// Gray-code walk over all 2^N configurations with the packed fields updated in one vector add per step.
/// </summary>
[Config(typeof(QuickConfig))]
public class EnumerationBenchmarks
{
    public const int N = 25;
    public const double Alpha = 0.3;

    private Perceptron _problem = null!;
    private SolutionEnumerator _vector = null!;
    private SolutionEnumerator _scalar = null!;

    [GlobalSetup]
    public void Setup()
    {
        _problem = PerceptronGenerator.Random(N, PerceptronGenerator.PatternCount(N, Alpha), new Rng(1));
        var oneThread = new SolutionEnumeratorOptions { Threads = 1 };
        _vector = new SolutionEnumerator(_problem, oneThread);
        _scalar = SolutionEnumerator.Scalar(_problem, oneThread);
        long a = BranchAndBoundVector(), b = BranchAndBoundScalar(), c = GrayCodeWalk();
        if (a != b || a != c) throw new InvalidOperationException($"counts differ: {a}, {b}, {c}");
    }

    [Benchmark(Baseline = true)]
    public long BranchAndBoundScalar() => _scalar.Count().Value;

    [Benchmark]
    public long BranchAndBoundVector() => _vector.Count().Value;

    [Benchmark]
    public long GrayCodeWalk()
    {
        // Fields of every pattern as bytes in one vector; flipping weight j adds ±2 x_j to all of them at once.
        var columns = new Vector512<sbyte>[N];
        var lanes = new sbyte[64];
        for (int j = 0; j < N; j++)
        {
            _problem.Column(j)[.._problem.P].CopyTo(lanes);
            columns[j] = Vector512.Create(lanes) * 2;
        }
        // Start from W = −1…−1, padding lanes high so they always pass.
        Array.Fill(lanes, (sbyte)100);
        for (int mu = 0; mu < _problem.P; mu++) lanes[mu] = 0;
        var fields = Vector512.Create(lanes);
        for (int j = 0; j < N; j++) fields -= columns[j] / 2;
        var w = new bool[N];
        long count = Vector512.GreaterThanAll(fields, Vector512<sbyte>.Zero) ? 1 : 0;
        for (long i = 1; i < 1L << N; i++)
        {
            int j = System.Numerics.BitOperations.TrailingZeroCount(i);
            w[j] = !w[j];
            fields = w[j] ? fields + columns[j] : fields - columns[j];
            if (Vector512.GreaterThanAll(fields, Vector512<sbyte>.Zero)) count++;
        }
        return count;
    }
}
