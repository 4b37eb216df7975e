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
public sealed class PerceptronBeliefPropagation
{
    // |g| is capped: tanh(30) is 1 to double precision, and the cap keeps H finite when a factor is certain.
    private const double MaxField = 30;

    private readonly Perceptron _problem;
    private readonly int _n;
    private readonly int _p;
    private readonly double[] _g;
    private readonly double[] _u;
    private readonly double[] _total;
    private readonly double[] _external;
    private readonly sbyte[] _x;
    private readonly double[] _cavity;
    private double[][]? _blockTotals;
    private double[][]? _blockCavities;

    /// <summary>Prepares messages (all zero: no information) for <paramref name="problem"/>.</summary>
    public PerceptronBeliefPropagation(Perceptron problem)
    {
        _problem = problem;
        _n = problem.N;
        _p = problem.P;
        _g = new double[(long)_n * _p];
        _u = new double[(long)_n * _p];
        _total = new double[_n];
        _external = new double[_n];
        _x = new sbyte[(long)_n * _p];
        for (int mu = 0; mu < _p; mu++) problem.SignedInput(mu).ToSpins().CopyTo(_x.AsSpan(mu * _n, _n));
        _cavity = new double[_n];
    }

    /// <summary>Number of variables.</summary>
    public int N => _n;

    /// <summary>External field h_j of variable j (e.g. γ W̃_j for local entropy, or the focusing field).</summary>
    public double ExternalField(int j) => _external[j];

    /// <summary>Sets the external field of variable <paramref name="j"/>; the total field follows in O(1).</summary>
    public void SetExternalField(int j, double h)
    {
        _total[j] += h - _external[j];
        _external[j] = h;
    }

    /// <summary>The field variable j receives from the data factors alone: Σ_μ g_{μ→j} = H_j − h_j.</summary>
    public double DataField(int j) => _total[j] - _external[j];

    /// <summary>Sets every message back to zero.</summary>
    public void Reset()
    {
        Array.Clear(_g);
        Array.Clear(_u);
        _external.CopyTo(_total, 0);
    }

    /// <summary>Sweeps until converged or out of sweeps.</summary>
    public BeliefPropagationResult Run(BeliefPropagationOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        double change = double.PositiveInfinity;
        for (int it = 1; it <= options.MaxIterations; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            change = Sweep(options);
            if (change < options.Tolerance) return new BeliefPropagationResult(true, it, change);
        }
        return new BeliefPropagationResult(false, options.MaxIterations, change);
    }

    /// <summary>
    /// One update of every factor; returns the largest change of a message u = tanh(g). With
    /// <see cref="BeliefPropagationOptions.Blocks"/> = B the factors are split into B fixed blocks; each block updates
    /// its factors in order on its own copy of the total fields taken at the start of the sweep, and the blocks'
    /// changes are added afterwards. Blocks run in parallel, and the result depends on B, never on the thread count.
    /// </summary>
    public double Sweep(BeliefPropagationOptions options)
    {
        int blocks = Math.Min(options.Blocks, _p);
        if (blocks <= 1)
        {
            double change = 0;
            for (int mu = 0; mu < _p; mu++) change = Math.Max(change, UpdateFactor(mu, options, _total, _cavity));
            return change;
        }
        EnsureBlockBuffers(blocks);
        var changes = new double[blocks];
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, b =>
        {
            double[] local = _blockTotals![b];
            _total.CopyTo(local, 0);
            int start = (int)((long)_p * b / blocks), end = (int)((long)_p * (b + 1) / blocks);
            double change = 0;
            for (int mu = start; mu < end; mu++) change = Math.Max(change, UpdateFactor(mu, options, local, _blockCavities![b]));
            changes[b] = change;
        });
        // H ← H + Σ_b (H_b − H): each block's factors changed only their own messages.
        for (int j = 0; j < _n; j++)
        {
            double start = _total[j], sum = start;
            for (int b = 0; b < blocks; b++) sum += _blockTotals![b][j] - start;
            _total[j] = sum;
        }
        return changes.Max();
    }

    private void EnsureBlockBuffers(int blocks)
    {
        if (_blockTotals is { Length: var have } && have >= blocks) return;
        _blockTotals = [.. Enumerable.Range(0, blocks).Select(_ => new double[_n])];
        _blockCavities = [.. Enumerable.Range(0, blocks).Select(_ => new double[_n])];
    }

    /// <summary>Marginal magnetizations tanh(H_j).</summary>
    public double[] Marginals() => [.. _total.Select(Math.Tanh)];

    /// <summary>The configuration sign(H_j) (ties to +1).</summary>
    public SpinVector Decision()
    {
        var w = new SpinVector(_n);
        for (int j = 0; j < _n; j++) w[j] = _total[j] >= 0 ? 1 : -1;
        return w;
    }

    /// <summary>
    /// The Bethe estimate of log Σ_W e^{Σ_j h_j W_j} Π_μ Θ(W·x^μ), total over all variables:
    /// Φ = Σ_μ log Z_μ + (1 − P) Σ_j log 2cosh H_j + Σ_{μ,j} log 2cosh(H_j − g_{μ→j}),
    /// with Z_μ the probability that factor μ is satisfied under its incoming messages.
    /// </summary>
    public double FreeEntropy(BeliefPropagationOptions? options = null)
    {
        bool exact = options?.Factor == FactorUpdate.Exact;
        double phi = 0;
        for (int j = 0; j < _n; j++) phi += (1 - _p) * GaussianTails.LogTwoCosh(_total[j]);
        for (int mu = 0; mu < _p; mu++)
        {
            double mean = 0, variance = 0;
            ReadOnlySpan<double> g = _g.AsSpan(mu * _n, _n);
            ReadOnlySpan<sbyte> x = _x.AsSpan(mu * _n, _n);
            for (int j = 0; j < _n; j++)
            {
                double cavity = _total[j] - g[j];
                phi += GaussianTails.LogTwoCosh(cavity);
                double m = Math.Tanh(cavity);
                _cavity[j] = m;
                mean += x[j] * m;
                variance += 1 - m * m;
            }
            phi += exact ? Math.Log(ExactSatisfaction(x, _cavity, -1)) : LogSatisfied(mean, variance);
        }
        return phi;
    }

    /// <summary>Updates the messages of factor μ; returns the largest change of u = tanh(g).</summary>
    private double UpdateFactor(int mu, BeliefPropagationOptions options, double[] total, double[] cavity)
    {
        Span<double> g = _g.AsSpan(mu * _n, _n);
        Span<double> u = _u.AsSpan(mu * _n, _n);
        ReadOnlySpan<sbyte> x = _x.AsSpan(mu * _n, _n);
        double mean = 0, variance = 0;
        for (int j = 0; j < _n; j++)
        {
            double m = Math.Tanh(total[j] - g[j]);
            cavity[j] = m;
            mean += x[j] * m;
            variance += 1 - m * m;
        }
        double change = 0;
        for (int j = 0; j < _n; j++)
        {
            double m = cavity[j];
            double fresh = options.Factor == FactorUpdate.Exact
                ? ExactMessage(x, cavity, j)
                : GaussianMessage(mean - x[j] * m, variance - (1 - m * m), x[j]);
            fresh = Math.Clamp(options.Damping * g[j] + (1 - options.Damping) * fresh, -MaxField, MaxField);
            double uFresh = Math.Tanh(fresh);
            change = Math.Max(change, Math.Abs(uFresh - u[j]));
            u[j] = uFresh;
            total[j] += fresh - g[j];
            g[j] = fresh;
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
