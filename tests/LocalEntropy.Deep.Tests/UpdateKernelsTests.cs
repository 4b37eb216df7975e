using LocalEntropy.Deep.Optimizers;
using LocalEntropy.Numerics;
using MathNet.Numerics.Distributions;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Tests;

public class UpdateKernelsTests
{
    // Spans several chunks of the parallel split, and a tail that is not a multiple of the vector width.
    private const int Size = 3 * (1 << 15) + 1237;

    static UpdateKernelsTests() => TorchRuntime.Initialize(2);

    [Fact]
    public void CounterNormal_VectorFill_EqualsTheScalarDefinition()
    {
        var z = new float[1000];
        CounterNormal.Fill(z, 0x1234_5678_9abc_def0, 77);
        for (int j = 0; j < z.Length; j++)
        {
            float expected = CounterNormal.At(0x1234_5678_9abc_def0, 77 + j);
            Assert.True(Math.Abs(z[j] - expected) <= 2e-6 * (1 + Math.Abs(expected)), $"index {77 + j}: {z[j]} vs {expected}");
        }
    }

    [Fact]
    public void CounterNormal_WholeBlocks_EqualTheScalarDefinition()
    {
        // Whole blocks only, at a block-aligned offset: every number comes from the vector path.
        var z = new float[64 * CounterNormal.Block];
        CounterNormal.Fill(z, 99, 5 * CounterNormal.Block);
        double worst = 0;
        for (int j = 0; j < z.Length; j++)
        {
            float expected = CounterNormal.At(99, 5 * CounterNormal.Block + j);
            worst = Math.Max(worst, Math.Abs(z[j] - expected) / (1 + Math.Abs(expected)));
        }
        Assert.True(worst < 2e-6, $"largest relative deviation of the vector path: {worst}");
    }

    [Fact]
    public void CounterNormal_PairsAreIndependent_AndTheTailsHaveTheNormalWeight()
    {
        // Box–Muller partners (j and j + 16 in a block) share one uniform pair; as normals they must be independent.
        const int blocks = 1 << 15;
        var z = new float[blocks * CounterNormal.Block];
        CounterNormal.Fill(z, 3, 0);
        double product = 0, squares = 0;
        for (int b = 0; b < blocks; b++)
        {
            for (int j = 0; j < CounterNormal.Block / 2; j++)
            {
                double c = z[b * CounterNormal.Block + j], s = z[b * CounterNormal.Block + CounterNormal.Block / 2 + j];
                product += c * s;
                squares += (c * c - 1) * (s * s - 1);
            }
        }
        int pairs = blocks * CounterNormal.Block / 2;
        Assert.InRange(product / pairs, -4 / Math.Sqrt(pairs), 4 / Math.Sqrt(pairs));
        Assert.InRange(squares / pairs, -4 * 2 / Math.Sqrt(pairs), 4 * 2 / Math.Sqrt(pairs));
        // Beyond 3σ and 4σ: 2.70·10⁻³ and 6.33·10⁻⁵ of the mass, within four binomial standard errors.
        foreach ((double cut, double mass) in new[] { (3.0, 2 * Normal.CDF(0, 1, -3)), (4.0, 2 * Normal.CDF(0, 1, -4)) })
        {
            double observed = z.Count(x => Math.Abs(x) > cut) / (double)z.Length;
            double error = Math.Sqrt(mass * (1 - mass) / z.Length);
            Assert.InRange(observed, mass - 4 * error, mass + 4 * error);
        }
    }

    [Fact]
    public void CounterNormal_DrawsLookIndependentStandardNormal()
    {
        const int n = 1 << 20;
        var a = new float[n];
        var b = new float[n];
        CounterNormal.Fill(a, 7, 0);
        CounterNormal.Fill(b, 8, 0);
        double mean = a.Average(x => (double)x);
        double variance = a.Sum(x => (double)x * x) / n - mean * mean;
        double kurtosis = a.Sum(x => Math.Pow(x, 4)) / n;
        // Four standard errors for each moment.
        Assert.InRange(mean, -4 / Math.Sqrt(n), 4 / Math.Sqrt(n));
        Assert.InRange(variance, 1 - 4 * Math.Sqrt(2.0 / n), 1 + 4 * Math.Sqrt(2.0 / n));
        Assert.InRange(kurtosis, 3 - 4 * Math.Sqrt(96.0 / n), 3 + 4 * Math.Sqrt(96.0 / n));
        // Kolmogorov-Smirnov against Φ on a sorted subsample (critical value at 0.1 %: 1.95/√m).
        double[] sample = [.. a.Take(1 << 16).Select(x => (double)x).Order()];
        double ks = sample.Select((x, i) => Math.Max(Math.Abs(Normal.CDF(0, 1, x) - (double)i / sample.Length),
                                                      Math.Abs(Normal.CDF(0, 1, x) - (i + 1.0) / sample.Length))).Max();
        Assert.True(ks < 1.95 / Math.Sqrt(sample.Length), $"KS distance {ks}");
        // Neighbouring indices, and the same index under two keys, are uncorrelated.
        double lag = 0, keys = 0;
        for (int i = 0; i + 1 < n; i++) lag += (double)a[i] * a[i + 1];
        for (int i = 0; i < n; i++) keys += (double)a[i] * b[i];
        Assert.InRange(lag / n, -4 / Math.Sqrt(n), 4 / Math.Sqrt(n));
        Assert.InRange(keys / n, -4 / Math.Sqrt(n), 4 / Math.Sqrt(n));
    }

    [Theory]
    [InlineData(1e-4f)]
    [InlineData(0f)]
    public void Langevin_EqualsTheScalarDefinition_OnAnyThreadCount(float sigma)
    {
        float[] w = Random(1), anchor = Random(2), g = Random(3), mean = Random(4);
        float[] expectedW = [.. w], expectedMean = [.. mean];
        UpdateKernels.LangevinScalar(expectedW, anchor, g, expectedMean, 0.1f, 0.03f, sigma, 0.75f, 42);
        foreach (int threads in new[] { 1, 2 })
        {
            set_num_threads(threads);
            using Tensor tw = tensor(w), ta = tensor(anchor), tg = tensor(g), tm = tensor(mean);
            UpdateKernels.Langevin(tw, ta, tg, tm, 0.1f, 0.03f, sigma, 0.75f, 42);
            AssertClose(expectedW, tw);
            AssertClose(expectedMean, tm);
        }
        set_num_threads(2);
    }

    [Theory]
    [InlineData(0.9f, true, 0.3f)]
    [InlineData(0.9f, false, 0.3f)]
    [InlineData(0.9f, true, 0f)]
    [InlineData(0f, false, 0.3f)]
    [InlineData(0f, false, 0f)]
    public void Momentum_EqualsTheScalarDefinition(float momentum, bool nesterov, float pull)
    {
        float[] w = Random(5), d = Random(6), buffer = Random(7), target = Random(8);
        float[] expectedW = [.. w], expectedBuffer = [.. buffer];
        UpdateKernels.MomentumScalar(expectedW, d, momentum > 0 ? expectedBuffer : [], pull != 0 ? target : [], 0.05f, momentum, nesterov, pull);
        using Tensor tw = tensor(w), td = tensor(d), tb = tensor(buffer), tt = tensor(target);
        UpdateKernels.Momentum(tw, td, momentum > 0 ? tb : null, pull != 0 ? tt : null, 0.05f, momentum, nesterov, pull);
        AssertClose(expectedW, tw);
        AssertClose(expectedBuffer, tb);
    }

    [Fact]
    public void Momentum_MatchesTheUpdateWrittenWithTensorOperations()
    {
        // buf ← m·buf + (d + κ(w − c)); w ← w − η(d' + m·buf), the Nesterov form written term by term with LibTorch.
        using Tensor w = tensor(Random(9)), d = tensor(Random(10)), buffer = tensor(Random(11)), c = tensor(Random(12));
        using Tensor direction = d + 0.3f * (w - c);
        using Tensor newBuffer = 0.9f * buffer + direction;
        using Tensor expected = w - 0.05f * (direction + 0.9f * newBuffer);
        UpdateKernels.Momentum(w, d, buffer, c, 0.05f, 0.9f, true, 0.3f);
        AssertClose(expected.data<float>().ToArray(), w);
        AssertClose(newBuffer.data<float>().ToArray(), buffer);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Mean_EqualsTheScalarDefinition_AndLibTorchsMean_OnAnyThreadCount(int replicas)
    {
        float[][] sources = [.. Enumerable.Range(0, replicas).Select(a => Random(20 + a))];
        var expected = new float[Size];
        UpdateKernels.MeanScalar(expected, sources);
        Tensor[] tensors = [.. sources.Select(a => tensor(a))];
        using Tensor stacked = stack(tensors).mean([0]);
        AssertClose(stacked.data<float>().ToArray(), tensor(expected));
        foreach (int threads in new[] { 1, 2 })
        {
            set_num_threads(threads);
            using Tensor mean = zeros(Size);
            UpdateKernels.Mean(mean, tensors);
            Assert.Equal(expected, mean.data<float>().ToArray());
        }
        set_num_threads(2);
        foreach (Tensor t in tensors) t.Dispose();
    }

    [Fact]
    public void Kernels_RefuseTensorsOfDifferentSizes()
    {
        using Tensor w = zeros(10), d = zeros(11);
        Assert.Throws<ArgumentException>(() => UpdateKernels.Momentum(w, d, null, null, 0.1f, 0, false, 0));
    }

    private static float[] Random(int seed)
    {
        var rng = new Rng((ulong)seed);
        return [.. Enumerable.Range(0, Size).Select(_ => (float)rng.NextGaussian())];
    }

    private static void AssertClose(float[] expected, Tensor actual)
    {
        float[] values = actual.data<float>().ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(values[i] - expected[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"element {i}: {values[i]} vs {expected[i]}");
        }
    }
}
