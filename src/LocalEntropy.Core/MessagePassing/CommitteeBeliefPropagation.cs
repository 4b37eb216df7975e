using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.MessagePassing;

/// <summary>
/// Belief propagation for the binary committee machine: messages pass through the hidden units. For pattern μ and
/// unit k the hidden field W_k·x_k is Gaussian with mean M_k and variance V_k under the cavity magnetizations, so unit
/// k outputs +1 with probability p_k = H(−M_k/√V_k). The vote of the other K − 1 units is summed exactly (K is small);
/// with A_k = P(output right | τ_k = +1) and B_k = P(output right | τ_k = −1), the message to synapse (k, j) is
/// g = ½ log[(B_k + q₊(A_k − B_k)) / (B_k + q₋(A_k − B_k))], q± = P(τ_k = +1 | W_kj = ±1) from the cavity field.
/// Everything is computed in the log domain.
/// </summary>
public sealed class CommitteeBeliefPropagation : BeliefPropagation
{
    private readonly CommitteeMachine _problem;
    private readonly sbyte[] _x;
    private readonly double[] _mean;
    private readonly double[] _variance;
    private readonly double[] _logPlus;
    private readonly double[] _logMinus;
    private readonly double[] _logA;
    private readonly double[] _logB;
    private readonly double[] _votes;
    private readonly double[] _next;

    /// <summary>Prepares messages (all zero) for <paramref name="problem"/>; variable s = k·N + j is synapse j of unit k.</summary>
    public CommitteeBeliefPropagation(CommitteeMachine problem)
        : base(problem.N * problem.K, problem.P)
    {
        _problem = problem;
        int size = problem.N * problem.K;
        _x = new sbyte[(long)size * problem.P];
        for (int mu = 0; mu < problem.P; mu++)
        {
            for (int s = 0; s < size; s++) _x[(long)mu * size + s] = problem.Column(s)[mu];
        }
        int k = problem.K;
        _mean = new double[k];
        _variance = new double[k];
        _logPlus = new double[k];
        _logMinus = new double[k];
        _logA = new double[k];
        _logB = new double[k];
        _votes = new double[2 * k + 1];
        _next = new double[2 * k + 1];
    }

    /// <inheritdoc />
    protected override double UpdateFactor(int mu, BeliefPropagationOptions options, double[] total, double[] scratch)
    {
        int n = _problem.N, k = _problem.K;
        ReadOnlySpan<double> g = Messages.AsSpan(mu * N, N);
        ReadOnlySpan<sbyte> x = _x.AsSpan(mu * N, N);
        for (int unit = 0; unit < k; unit++)
        {
            double mean = 0, variance = 0;
            for (int j = 0; j < n; j++)
            {
                int s = unit * n + j;
                double m = Math.Tanh(total[s] - g[s]);
                scratch[s] = m;
                mean += x[s] * m;
                variance += 1 - m * m;
            }
            _mean[unit] = mean;
            _variance[unit] = variance;
            double z = mean / Math.Sqrt(Math.Max(variance, 1e-12));
            _logPlus[unit] = GaussianTails.LogH(-z);
            _logMinus[unit] = GaussianTails.LogH(z);
        }
        for (int unit = 0; unit < k; unit++) OtherVotes(unit, out _logA[unit], out _logB[unit]);

        double change = 0;
        for (int unit = 0; unit < k; unit++)
        {
            double logA = _logA[unit], logB = _logB[unit];
            // A ≥ B always (a +1 vote never hurts); D = A − B in the log domain.
            double logD = logA + Math.Log(-double.ExpM1(Math.Min(0, logB - logA)));
            for (int j = 0; j < n; j++)
            {
                int s = unit * n + j;
                double m = scratch[s];
                double mean = _mean[unit] - x[s] * m;
                double sd = Math.Sqrt(Math.Max(_variance[unit] - (1 - m * m), 1e-12));
                double logQPlus = GaussianTails.LogH(-(mean + x[s]) / sd);
                double logQMinus = GaussianTails.LogH(-(mean - x[s]) / sd);
                double fresh = 0.5 * (LogAddExp(logB, logQPlus + logD) - LogAddExp(logB, logQMinus + logD));
                change = Math.Max(change, Store(mu, s, fresh, options.Damping, total));
            }
        }
        return change;
    }

    /// <summary>
    /// log P(output right) given unit <paramref name="skip"/> votes +1 (A) or −1 (B), summing the other units' votes
    /// exactly from their probabilities p_l.
    /// </summary>
    private void OtherVotes(int skip, out double logA, out double logB)
    {
        int k = _problem.K;
        // _votes[v + k] = P(Σ_{l≠skip} τ_l = v), kept in linear space: K is small and every p_l is a probability.
        Array.Clear(_votes);
        _votes[k] = 1;
        for (int l = 0; l < k; l++)
        {
            if (l == skip) continue;
            double up = Math.Exp(_logPlus[l]), down = Math.Exp(_logMinus[l]);
            Array.Clear(_next);
            for (int v = 1; v < 2 * k; v++)
            {
                double w = _votes[v];
                if (w == 0) continue;
                _next[v + 1] += w * up;
                _next[v - 1] += w * down;
            }
            _next.CopyTo(_votes, 0);
        }
        double a = 0, b = 0;
        for (int v = -k; v <= k; v++)
        {
            double w = _votes[v + k];
            if (v + 1 > 0) a += w;
            if (v - 1 > 0) b += w;
        }
        logA = Math.Log(Math.Max(a, 1e-300));
        logB = b > 0 ? Math.Log(b) : double.NegativeInfinity;
    }

    private static double LogAddExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        double hi = Math.Max(a, b);
        return hi + Math.Log(1 + Math.Exp(-Math.Abs(a - b)));
    }
}
