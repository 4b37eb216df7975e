using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.MessagePassing;

/// <summary>
/// Belief propagation for the binary committee machine: messages pass through the hidden units. For pattern μ and
/// unit k the hidden field W_k·x_k is Gaussian with mean M_k and variance V_k under the cavity magnetizations, so unit
/// k outputs +1 with probability p_k = H(−M_k/√V_k). The vote of the other K − 1 units is summed exactly (K is small);
/// with A_k = P(output right | τ_k = +1) and B_k = P(output right | τ_k = −1), the message to synapse (k, j) is
/// g = ½ log[(B_k + q₊(A_k − B_k)) / (B_k + q₋(A_k − B_k))], q± = P(τ_k = +1 | W_kj = ±1) from the cavity field.
/// Everything is computed in the log domain. A factor's cavity statistics are the K pairs (M_k, V_k).
/// </summary>
public sealed class CommitteeBeliefPropagation : BeliefPropagation
{
    private const double VarianceFloor = 1e-12;
    private static readonly double Log2 = Math.Log(2);

    private readonly CommitteeMachine _problem;
    // x as ±1.0, laid out like the messages [μ·N + s]: the vector loops read it without widening.
    private readonly double[] _signs;
    private readonly double[] _magnetization;
    private readonly double[] _logTwoCosh;
    private readonly double[] _cavity;

    /// <summary>Prepares messages (all zero) for <paramref name="problem"/>; variable s = k·N + j is synapse j of unit k.</summary>
    public CommitteeBeliefPropagation(CommitteeMachine problem)
        : base(problem.N * problem.K, problem.P, partialLength: 2 * problem.K)
    {
        _problem = problem;
        int size = problem.N * problem.K;
        _signs = new double[(long)size * problem.P];
        for (int mu = 0; mu < problem.P; mu++)
        {
            for (int s = 0; s < size; s++) _signs[(long)mu * size + s] = problem.Column(s)[mu];
        }
        _magnetization = new double[size];
        _logTwoCosh = new double[size];
        _cavity = new double[size];
    }

    /// <summary>
    /// The Bethe estimate of log Σ_W e^{Σ_s h_s W_s} Π_μ 𝟙[pattern μ classified right], total over the N·K synapses:
    /// Σ_s log 2cosh H_s + Σ_μ [log Z_μ + Σ_s ℓ_{μs}] (<see cref="BetheTerms"/>), with the hidden fields Gaussian as in
    /// the messages and Z_μ = P(Σ_k τ_k &gt; 0) summed exactly over the votes. The factor update is always Gaussian
    /// here, so <paramref name="options"/> is not read.
    /// </summary>
    public override double FreeEntropy(BeliefPropagationOptions? options = null)
    {
        int n = _problem.N, k = _problem.K;
        ReadOnlySpan<double> u = MessageTanh;
        Span<double> logPlus = stackalloc double[k], logMinus = stackalloc double[k];
        Span<double> votes = stackalloc double[2 * k + 1], next = stackalloc double[2 * k + 1];
        double phi = BetheTerms.Variables(Total, _magnetization, _logTwoCosh);
        for (int mu = 0; mu < Factors; mu++)
        {
            for (int unit = 0; unit < k; unit++)
            {
                int lo = unit * n, at = mu * N + lo;
                phi += BetheTerms.Edges(Total.AsSpan(lo, n), Messages.AsSpan(at, n), u.Slice(at, n), _magnetization.AsSpan(lo, n),
                                        _logTwoCosh.AsSpan(lo, n), _signs.AsSpan(at, n), _cavity.AsSpan(lo, n), out double mean, out double variance);
                double z = mean / Math.Sqrt(Math.Max(variance, VarianceFloor));
                logPlus[unit] = LogH(-z);
                logMinus[unit] = LogH(z);
            }
            // Z = p₀ P(rest + 1 > 0) + (1 − p₀) P(rest − 1 > 0).
            OtherVotes(0, logPlus, logMinus, votes, next, out double logA, out double logB);
            phi += LogAddExp(logPlus[0] + logA, logMinus[0] + logB);
        }
        return phi;
    }

    private static double LogAddExp(double a, double b)
    {
        double high = Math.Max(a, b), low = Math.Min(a, b);
        return double.IsNegativeInfinity(low) ? high : high + Math.Log(1 + Math.Exp(low - high));
    }

    /// <inheritdoc />
    protected override void Accumulate(int mu, int start, int finish, double[] total, double[] scratch, Span<double> share)
    {
        int n = _problem.N, k = _problem.K;
        share.Clear();
        for (int unit = start / n; unit < k && unit * n < finish; unit++)
        {
            int lo = Math.Max(start, unit * n), length = Math.Min(finish, unit * n + n) - lo;
            CavityMoments(total.AsSpan(lo, length), Messages.AsSpan(mu * N + lo, length), _signs.AsSpan(mu * N + lo, length),
                          scratch.AsSpan(lo, length), out share[unit], out share[k + unit]);
        }
    }

    /// <inheritdoc />
    protected override double Emit(int mu, int start, int finish, ReadOnlySpan<double> sums, BeliefPropagationOptions options, double[] total, double[] scratch)
    {
        int n = _problem.N, k = _problem.K;
        // Per call, not per instance: the threads sharing a factor each work out the votes.
        Span<double> buffer = k <= 256 ? stackalloc double[6 * k + 2] : new double[6 * k + 2];
        Span<double> logPlus = buffer[..k], logMinus = buffer.Slice(k, k), votes = buffer.Slice(2 * k, 2 * k + 1), next = buffer.Slice(4 * k + 1, 2 * k + 1);
        for (int unit = 0; unit < k; unit++)
        {
            double z = sums[unit] / Math.Sqrt(Math.Max(sums[k + unit], VarianceFloor));
            logPlus[unit] = LogH(-z);
            logMinus[unit] = LogH(z);
        }
        for (int unit = start / n; unit < k && unit * n < finish; unit++)
        {
            OtherVotes(unit, logPlus, logMinus, votes, next, out double logA, out double logB);
            // A ≥ B always (a +1 vote never hurts); D = A − B in the log domain.
            double logD = logA + Math.Log(-double.ExpM1(Math.Min(0, logB - logA)));
            int lo = Math.Max(start, unit * n), length = Math.Min(finish, unit * n + n) - lo;
            UnitMessages(sums[unit], sums[k + unit], logB, logD - Log2, _signs.AsSpan(mu * N + lo, length), scratch.AsSpan(lo, length));
        }
        return Store(mu, start, finish, scratch, options.Damping, total);
    }

    /// <summary>
    /// The fresh messages of one unit's synapses, over their cavity magnetizations <paramref name="m"/> (overwritten):
    /// g = ½ [log(B + D·Q₊) − log(B + D·Q₋)] with Q± = H(−(M ± x)/√V) from the cavity field without the synapse.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UnitMessages(double mean, double variance, double logB, double logHalfD, ReadOnlySpan<double> x, Span<double> m)
    {
        int length = m.Length, j = 0;
        if (Vector512.IsHardwareAccelerated && length >= Vector512<double>.Count)
        {
            ref double xr = ref MemoryMarshal.GetReference(x), mr = ref MemoryMarshal.GetReference(m);
            Vector512<double> fullMean = Vector512.Create(mean), fullVariance = Vector512.Create(variance);
            Vector512<double> b = Vector512.Create(logB), halfD = Vector512.Create(logHalfD);
            for (; j + Vector512<double>.Count <= length; j += Vector512<double>.Count)
            {
                Vector512<double> mj = Vector512.LoadUnsafe(ref mr, (nuint)j), xj = Vector512.LoadUnsafe(ref xr, (nuint)j);
                Vector512<double> cavityMean = Vector512.FusedMultiplyAdd(-xj, mj, fullMean);
                Vector512<double> cavityVariance = fullVariance - Vector512.FusedMultiplyAdd(-mj, mj, Vector512<double>.One);
                // H(t) = ½ erfc(t/√2): the ½ is in logHalfD.
                Vector512<double> scale = Vector512<double>.One / Vector512.Sqrt(Vector512.Max(cavityVariance, Vector512.Create(VarianceFloor)) * 2);
                Vector512<double> plus = VectorMath.LogErfc(-(cavityMean + xj) * scale) + halfD;
                Vector512<double> minus = VectorMath.LogErfc(-(cavityMean - xj) * scale) + halfD;
                // log(e^b + e^plus) − log(e^b + e^minus) with one logarithm; exp below the floor adds nothing to 1.
                Vector512<double> highPlus = Vector512.Max(b, plus), highMinus = Vector512.Max(b, minus);
                Vector512<double> floor = Vector512.Create(VectorMath.ExpFloor);
                Vector512<double> ratio = (Vector512<double>.One + VectorMath.Exp(Vector512.Max(Vector512.Min(b, plus) - highPlus, floor)))
                                          / (Vector512<double>.One + VectorMath.Exp(Vector512.Max(Vector512.Min(b, minus) - highMinus, floor)));
                (Vector512.Create(0.5) * (highPlus - highMinus + VectorMath.Log(ratio))).StoreUnsafe(ref mr, (nuint)j);
            }
        }
        for (; j < length; j++)
        {
            double mj = m[j];
            double cavityMean = Math.FusedMultiplyAdd(-x[j], mj, mean);
            double cavityVariance = variance - Math.FusedMultiplyAdd(-mj, mj, 1);
            double scale = 1 / Math.Sqrt(Math.Max(cavityVariance, VarianceFloor) * 2);
            double plus = VectorMath.LogErfc(-(cavityMean + x[j]) * scale) + logHalfD;
            double minus = VectorMath.LogErfc(-(cavityMean - x[j]) * scale) + logHalfD;
            double highPlus = Math.Max(logB, plus), highMinus = Math.Max(logB, minus);
            double ratio = (1 + VectorMath.Exp(Math.Max(Math.Min(logB, plus) - highPlus, VectorMath.ExpFloor)))
                           / (1 + VectorMath.Exp(Math.Max(Math.Min(logB, minus) - highMinus, VectorMath.ExpFloor)));
            m[j] = 0.5 * (highPlus - highMinus + VectorMath.Log(ratio));
        }
    }

    /// <summary>log H(t) = log ½ erfc(t/√2).</summary>
    private static double LogH(double t) => VectorMath.LogErfc(t / Math.Sqrt(2)) - Log2;

    /// <summary>
    /// log P(output right) given unit <paramref name="skip"/> votes +1 (A) or −1 (B), summing the other units' votes
    /// exactly from their probabilities p_l.
    /// </summary>
    private static void OtherVotes(int skip, ReadOnlySpan<double> logPlus, ReadOnlySpan<double> logMinus, Span<double> votes, Span<double> next,
                                   out double logA, out double logB)
    {
        int k = logPlus.Length;
        // votes[v + k] = P(Σ_{l≠skip} τ_l = v), kept in linear space: K is small and every p_l is a probability.
        votes.Clear();
        votes[k] = 1;
        for (int l = 0; l < k; l++)
        {
            if (l == skip) continue;
            double up = Math.Exp(logPlus[l]), down = Math.Exp(logMinus[l]);
            next.Clear();
            for (int v = 1; v < 2 * k; v++)
            {
                double w = votes[v];
                if (w == 0) continue;
                next[v + 1] += w * up;
                next[v - 1] += w * down;
            }
            next.CopyTo(votes);
        }
        double a = 0, b = 0;
        for (int v = -k; v <= k; v++)
        {
            double w = votes[v + k];
            if (v + 1 > 0) a += w;
            if (v - 1 > 0) b += w;
        }
        logA = Math.Log(Math.Max(a, 1e-300));
        logB = b > 0 ? Math.Log(b) : double.NegativeInfinity;
    }
}
