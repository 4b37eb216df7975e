using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.MessagePassing;

/// <summary>
/// Belief propagation for the binary perceptron (ALGORITHMS.md §3.4) with messages stored as cavity fields
/// g_{μ→j} = atanh(u_{μ→j}). Each variable keeps its total field H_j = h_j + Σ_μ g_{μ→j}, so the variable-to-factor
/// magnetization is m_{j→μ} = tanh(H_j − g_{μ→j}) and a sweep costs O(N·P). Factors are updated one after the
/// other (each sees the fields already changed by the previous ones). The factor message uses the Gaussian cavity
/// field N(M, V) in the log domain, so it stays finite deep in the tails; an exact factor update serves small N.
/// </summary>
public sealed class PerceptronBeliefPropagation : BeliefPropagation
{
    // A vanishing cavity variance means a certain cavity field; the floor keeps the message finite and signed.
    private const double VarianceFloor = 1e-12;

    // x^μ_j as ±1.0, laid out like the messages: the vector loops read it without widening.
    private readonly double[] _signs;

    private readonly sbyte[] _x;
    private readonly double[] _cavity;
    private readonly double[] _magnetization;
    private readonly double[] _logTwoCosh;

    /// <summary>Prepares messages (all zero: no information) for <paramref name="problem"/>.</summary>
    public PerceptronBeliefPropagation(Perceptron problem)
        : base(problem.N, problem.P, partialLength: 2)
    {
        _signs = new double[(long)problem.N * problem.P];
        _x = new sbyte[(long)problem.N * problem.P];
        for (int mu = 0; mu < problem.P; mu++) problem.SignedInput(mu).ToSpins().CopyTo(_x.AsSpan(mu * problem.N, problem.N));
        for (long i = 0; i < _x.LongLength; i++) _signs[i] = _x[i];
        _cavity = new double[problem.N];
        _magnetization = new double[problem.N];
        _logTwoCosh = new double[problem.N];
    }

    /// <summary>
    /// The Bethe estimate of log Σ_W e^{Σ_j h_j W_j} Π_μ Θ(W·x^μ), total over all variables:
    /// Φ = Σ_μ log Z_μ + (1 − P) Σ_j log 2cosh H_j + Σ_{μ,j} log 2cosh(H_j − g_{μ→j}), with Z_μ the probability that
    /// factor μ is satisfied under its incoming messages (evaluated as in <see cref="BetheTerms"/>).
    /// </summary>
    public override double FreeEntropy(BeliefPropagationOptions? options = null)
    {
        bool exact = options?.Factor == FactorUpdate.Exact;
        ReadOnlySpan<double> u = MessageTanh;
        double phi = BetheTerms.Variables(Total, _magnetization, _logTwoCosh);
        for (int mu = 0; mu < Factors; mu++)
        {
            ReadOnlySpan<sbyte> x = _x.AsSpan(mu * N, N);
            phi += BetheTerms.Edges(Total, Messages.AsSpan(mu * N, N), u.Slice(mu * N, N), _magnetization, _logTwoCosh, _signs.AsSpan(mu * N, N), _cavity, out double mean, out double variance);
            phi += exact ? Math.Log(ExactSatisfaction(x, _cavity, -1)) : LogSatisfied(mean, variance);
        }
        return phi;
    }

    /// <summary>
    /// The Gaussian-factor free entropy straight from its definition, Σ_μ log Z_μ + (1 − P) Σ_j log 2cosh H_j +
    /// Σ_{μ,j} log 2cosh(H_j − g_{μj}): the reference <see cref="FreeEntropy"/> is tested against.
    /// </summary>
    internal double FreeEntropyReference()
    {
        double phi = 0;
        for (int j = 0; j < N; j++) phi += (1 - Factors) * GaussianTails.LogTwoCosh(Total[j]);
        for (int mu = 0; mu < Factors; mu++)
        {
            double mean = 0, variance = 0;
            for (int j = 0; j < N; j++)
            {
                double cavity = Total[j] - Messages[mu * N + j];
                double m = Math.Tanh(cavity);
                phi += GaussianTails.LogTwoCosh(cavity);
                mean += _x[mu * N + j] * m;
                variance += 1 - m * m;
            }
            phi += LogSatisfied(mean, variance);
        }
        return phi;
    }

    /// <inheritdoc />
    protected override void Accumulate(int mu, int start, int finish, double[] total, double[] scratch, Span<double> share)
    {
        int length = finish - start;
        CavityMoments(total.AsSpan(start, length), Messages.AsSpan(mu * N + start, length), _signs.AsSpan(mu * N + start, length),
                      scratch.AsSpan(start, length), out share[0], out share[1]);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override double Emit(int mu, int start, int finish, ReadOnlySpan<double> sums, BeliefPropagationOptions options, double[] total, double[] scratch)
    {
        if (options.Factor == FactorUpdate.Exact)
        {
            ReadOnlySpan<sbyte> xs = _x.AsSpan(mu * N, N);
            double[] exact = new double[finish - start];
            for (int k = start; k < finish; k++) exact[k - start] = ExactMessage(xs, scratch, k);
            exact.CopyTo(scratch, start);
            return Store(mu, start, finish, scratch, options.Damping, total);
        }
        int length = finish - start;
        ReadOnlySpan<double> x = _signs.AsSpan(mu * N + start, length);
        Span<double> m = scratch.AsSpan(start, length);
        double mean = sums[0], variance = sums[1];
        int j = 0;
        if (Vector512.IsHardwareAccelerated && length >= Vector512<double>.Count)
        {
            ref double xr = ref MemoryMarshal.GetReference(x), mr = ref MemoryMarshal.GetReference(m);
            Vector512<double> fullMean = Vector512.Create(mean), fullVariance = Vector512.Create(variance);
            for (; j + Vector512<double>.Count <= length; j += Vector512<double>.Count)
            {
                Vector512<double> mj = Vector512.LoadUnsafe(ref mr, (nuint)j), xj = Vector512.LoadUnsafe(ref xr, (nuint)j);
                Vector512<double> cavityMean = Vector512.FusedMultiplyAdd(-xj, mj, fullMean);
                Vector512<double> cavityVariance = fullVariance - Vector512.FusedMultiplyAdd(-mj, mj, Vector512<double>.One);
                Vector512<double> scale = Vector512<double>.One / Vector512.Sqrt(Vector512.Max(cavityVariance, Vector512.Create(VarianceFloor)) * 2);
                Vector512<double> plus = (cavityMean + xj) * scale, minus = (cavityMean - xj) * scale;
                // The fresh message overwrites the cavity magnetization it came from.
                (Vector512.Create(0.5) * (VectorMath.LogErfc(-plus) - VectorMath.LogErfc(-minus))).StoreUnsafe(ref mr, (nuint)j);
            }
        }
        for (; j < length; j++)
        {
            double mj = m[j];
            m[j] = GaussianMessage(Math.FusedMultiplyAdd(-x[j], mj, mean), variance - Math.FusedMultiplyAdd(-mj, mj, 1), x[j]);
        }
        return Store(mu, start, finish, scratch, options.Damping, total);
    }

    /// <summary>
    /// atanh(u) for the Gaussian cavity field N(M, V): with a± = (M ± x_j)/√(2V) the factor is satisfied with
    /// probability ½ erfc(−a±) for W_j = ±1, so g = ½ [log erfc(−a+) − log erfc(−a−)] (scalar twin of the vector loop).
    /// </summary>
    private static double GaussianMessage(double mean, double variance, double x)
    {
        double scale = 1 / Math.Sqrt(Math.Max(variance, VarianceFloor) * 2);
        double plus = (mean + x) * scale, minus = (mean - x) * scale;
        return 0.5 * (VectorMath.LogErfc(-plus) - VectorMath.LogErfc(-minus));
    }

    private static double LogSatisfied(double mean, double variance) =>
        GaussianTails.LogErfc(-mean / Math.Sqrt(2 * Math.Max(variance, 1e-12))) - Math.Log(2);

    /// <summary>atanh(u) from the exact distribution of Σ_{k≠j} x_k W_k under independent magnetizations.</summary>
    private static double ExactMessage(ReadOnlySpan<sbyte> x, ReadOnlySpan<double> m, int j)
    {
        double plus = ExactSatisfaction(x, m, j, shift: x[j]);
        double minus = ExactSatisfaction(x, m, j, shift: -x[j]);
        return 0.5 * (Math.Log(Math.Max(plus, 1e-300)) - Math.Log(Math.Max(minus, 1e-300)));
    }

    /// <summary>P(Σ_{k≠skip} x_k W_k + shift > 0) with independent W_k of magnetization m_k, by dynamic programming.</summary>
    private static double ExactSatisfaction(ReadOnlySpan<sbyte> x, ReadOnlySpan<double> m, int skip, int shift = 0)
    {
        int n = x.Length;
        // dist[s + n] = P(partial sum = s).
        var dist = new double[2 * n + 1];
        var next = new double[2 * n + 1];
        dist[n] = 1;
        for (int k = 0; k < n; k++)
        {
            if (k == skip) continue;
            double up = (1 + x[k] * m[k]) / 2;
            Array.Clear(next);
            for (int s = 1; s < 2 * n; s++)
            {
                if (dist[s] == 0) continue;
                next[s + 1] += dist[s] * up;
                next[s - 1] += dist[s] * (1 - up);
            }
            (dist, next) = (next, dist);
        }
        double satisfied = 0;
        for (int s = 0; s <= 2 * n; s++)
        {
            if (s - n + shift > 0) satisfied += dist[s];
        }
        return satisfied;
    }
}
