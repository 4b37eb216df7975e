using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.MessagePassing;

/// <summary>
/// Belief propagation for the binary perceptron (ALGORITHMS.md §3.4) with messages stored as cavity fields
/// g_{μ→j} = atanh(u_{μ→j}). Each variable keeps its total field H_j = h_j + Σ_μ g_{μ→j}, so the variable-to-factor
/// magnetization is m_{j→μ} = tanh(H_j − g_{μ→j}) and a sweep costs O(N·P). Factors are updated one after the
/// other (each sees the fields already changed by the previous ones). Messages are computed in the log domain,
/// so they stay finite deep in the tails.
/// </summary>
/// <summary>
/// Belief propagation for the binary perceptron: the factor message uses the Gaussian cavity field N(M, V) in the
/// log domain, so it stays finite deep in the tails; an exact factor update serves small N.
/// </summary>
public sealed class PerceptronBeliefPropagation : BeliefPropagation
{
    private readonly sbyte[] _x;
    private readonly double[] _cavity;
    private readonly double[] _magnetization;
    private readonly double[] _logTwoCosh;

    /// <summary>Prepares messages (all zero: no information) for <paramref name="problem"/>.</summary>
    public PerceptronBeliefPropagation(Perceptron problem)
        : base(problem.N, problem.P)
    {
        _x = new sbyte[(long)problem.N * problem.P];
        for (int mu = 0; mu < problem.P; mu++) problem.SignedInput(mu).ToSpins().CopyTo(_x.AsSpan(mu * problem.N, problem.N));
        _cavity = new double[problem.N];
        _magnetization = new double[problem.N];
        _logTwoCosh = new double[problem.N];
    }

    /// <summary>
    /// The Bethe estimate of log Σ_W e^{Σ_j h_j W_j} Π_μ Θ(W·x^μ), total over all variables:
    /// Φ = Σ_μ log Z_μ + (1 − P) Σ_j log 2cosh H_j + Σ_{μ,j} log 2cosh(H_j − g_{μ→j}), with Z_μ the probability that
    /// factor μ is satisfied under its incoming messages (evaluated as in <see cref="BetheTerms"/>).
    /// </summary>
    public double FreeEntropy(BeliefPropagationOptions? options = null)
    {
        bool exact = options?.Factor == FactorUpdate.Exact;
        ReadOnlySpan<double> u = MessageTanh;
        double phi = BetheTerms.Variables(Total, _magnetization, _logTwoCosh);
        for (int mu = 0; mu < Factors; mu++)
        {
            ReadOnlySpan<sbyte> x = _x.AsSpan(mu * N, N);
            phi += BetheTerms.Edges(Total, Messages.AsSpan(mu * N, N), u.Slice(mu * N, N), _magnetization, _logTwoCosh, x, _cavity, out double mean, out double variance);
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
    protected override double UpdateFactor(int mu, BeliefPropagationOptions options, double[] total, double[] scratch)
    {
        ReadOnlySpan<double> g = Messages.AsSpan(mu * N, N);
        ReadOnlySpan<sbyte> x = _x.AsSpan(mu * N, N);
        double mean = 0, variance = 0;
        for (int j = 0; j < N; j++)
        {
            double m = Math.Tanh(total[j] - g[j]);
            scratch[j] = m;
            mean += x[j] * m;
            variance += 1 - m * m;
        }
        double change = 0;
        for (int j = 0; j < N; j++)
        {
            double m = scratch[j];
            double fresh = options.Factor == FactorUpdate.Exact
                ? ExactMessage(x, scratch, j)
                : GaussianMessage(mean - x[j] * m, variance - (1 - m * m), x[j]);
            change = Math.Max(change, Store(mu, j, fresh, options.Damping, total));
        }
        return change;
    }

    /// <summary>
    /// atanh(u) for the Gaussian cavity field N(M, V): with a± = (M ± x_j)/√(2V) the factor is satisfied with
    /// probability ½ erfc(−a±) for W_j = ±1, so g = ½ [log erfc(−a+) − log erfc(−a−)].
    /// </summary>
    private static double GaussianMessage(double mean, double variance, int x)
    {
        // A vanishing variance means the cavity field is certain; a tiny floor keeps the limit finite and signed.
        double s = Math.Sqrt(2 * Math.Max(variance, 1e-12));
        double plus = (mean + x) / s, minus = (mean - x) / s;
        return 0.5 * (GaussianTails.LogErfc(-plus) - GaussianTails.LogErfc(-minus));
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
