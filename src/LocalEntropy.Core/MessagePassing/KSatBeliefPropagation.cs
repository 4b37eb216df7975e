using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.MessagePassing;

/// <summary>
/// Belief propagation on the sparse factor graph of a CNF formula (one factor per clause, touching its K variables),
/// with an external field h_i on every variable (weight e^{h_i x_i}, x = ±1). One message per literal occurrence e of
/// variable i in clause a: δ_e = Π_{j∈∂a∖i} η_{j→a}, the probability that every other literal of a is false, i.e.
/// that a relies on i; η_{j→a} is the cavity probability that j falsifies its literal in a. With
/// L⁺_i = Σ_{a: +i∈a} ln(1 − δ), L⁻_i likewise over the negative occurrences, the variable's marginal is
/// P(x_i = +1) ∝ e^{h_i + L⁻_i} against e^{−h_i + L⁺_i}, and η_e = σ(s_e(L⁺_i − L⁻_i − 2h_i) − ln(1 − δ_e)) for a literal
/// of sign s_e (σ the logistic function). Clauses are updated one after the other; a sweep costs O(Σ clause lengths).
/// The Bethe free entropy, Φ = Σ_a ln(1 − Π_{e∈a} η_e) + Σ_i ln(e^{−h_i+L⁺_i} + e^{h_i+L⁻_i}) − Σ_e ln(1 − η_e δ_e),
/// is the log of the number of solutions weighted by e^{Σ h_i x_i} (exact on a tree).
/// </summary>
public sealed class KSatBeliefPropagation : ILocalFreeEntropy
{
    // ln(1 − δ) is floored here: a clause that certainly relies on a variable (δ = 1) would otherwise make the sums
    // infinite and their differences NaN.
    private const double MinLogSlack = -50;

    private readonly KSat _formula;
    private readonly int[] _variable;
    private readonly bool[] _positive;
    private readonly double[] _delta;
    private readonly double[] _logSlack;
    private readonly double[] _eta;
    private readonly double[] _positiveSum;
    private readonly double[] _negativeSum;
    private readonly double[] _external;
    private Saved? _saved;

    /// <summary>Messages for <paramref name="formula"/>, all δ = 0 (no clause relies on anyone yet), fields 0.</summary>
    public KSatBeliefPropagation(KSat formula)
    {
        ArgumentNullException.ThrowIfNull(formula);
        _formula = formula;
        ReadOnlySpan<int> literals = formula.Literals;
        _variable = new int[literals.Length];
        _positive = new bool[literals.Length];
        for (int e = 0; e < literals.Length; e++)
        {
            _variable[e] = Math.Abs(literals[e]) - 1;
            _positive[e] = literals[e] > 0;
        }
        _delta = new double[literals.Length];
        _logSlack = new double[literals.Length];
        _eta = new double[literals.Length];
        _positiveSum = new double[formula.N];
        _negativeSum = new double[formula.N];
        _external = new double[formula.N];
        Reset();
    }

    /// <inheritdoc />
    public int N => _formula.N;

    /// <inheritdoc />
    public void Reset()
    {
        Array.Clear(_delta);
        Array.Clear(_logSlack);
        Array.Clear(_positiveSum);
        Array.Clear(_negativeSum);
        Array.Fill(_eta, 0.5);
    }

    /// <summary>Random δ in [0, <paramref name="scale"/>], to break the symmetry that all-zero messages keep.</summary>
    public void Randomize(Rng rng, double scale)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Reset();
        for (int e = 0; e < _delta.Length; e++) SetDelta(e, scale * rng.NextDouble());
    }

    /// <inheritdoc />
    public void SetExternalField(int s, double h) => _external[s] = h;

    /// <summary>The external field of variable <paramref name="s"/>.</summary>
    public double ExternalField(int s) => _external[s];

    /// <inheritdoc />
    public double Sweep(BeliefPropagationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ReadOnlySpan<int> starts = _formula.ClauseStarts;
        double change = 0, keep = options.Damping;
        for (int a = 0; a < _formula.M; a++)
        {
            if (_formula.IsTautology(a)) continue;
            int first = starts[a], end = starts[a + 1];
            for (int e = first; e < end; e++) _eta[e] = Eta(e);
            for (int e = first; e < end; e++)
            {
                double product = 1;
                for (int f = first; f < end; f++)
                {
                    if (f != e) product *= _eta[f];
                }
                double next = keep * _delta[e] + (1 - keep) * product;
                change = Math.Max(change, Math.Abs(next - _delta[e]));
                SetDelta(e, next);
            }
        }
        return change;
    }

    /// <summary>Sweeps until no δ moves by more than the tolerance, or out of sweeps.</summary>
    public BeliefPropagationResult Run(BeliefPropagationOptions options, CancellationToken cancellationToken = default) =>
        BeliefPropagationResult.Iterate(options, Sweep, cancellationToken);

    /// <summary>Magnetizations ⟨x_i⟩ = tanh(h_i + (L⁻_i − L⁺_i)/2).</summary>
    public double[] Marginals() => [.. Enumerable.Range(0, N).Select(i => Math.Tanh(_external[i] + (_negativeSum[i] - _positiveSum[i]) / 2))];

    /// <inheritdoc />
    public double FreeEntropy(BeliefPropagationOptions? options = null)
    {
        ReadOnlySpan<int> starts = _formula.ClauseStarts;
        double phi = 0;
        for (int a = 0; a < _formula.M; a++)
        {
            if (_formula.IsTautology(a)) continue;
            double product = 1;
            for (int e = starts[a]; e < starts[a + 1]; e++)
            {
                double eta = Eta(e);
                product *= eta;
                phi -= Math.Log(1 - eta * _delta[e]);
            }
            phi += Math.Log(1 - product);
        }
        for (int i = 0; i < N; i++)
        {
            double down = -_external[i] + _positiveSum[i], up = _external[i] + _negativeSum[i];
            double top = Math.Max(down, up);
            phi += top + Math.Log(Math.Exp(down - top) + Math.Exp(up - top));
        }
        return phi;
    }

    /// <inheritdoc />
    public void Checkpoint()
    {
        _saved ??= new Saved(_delta.Length, N);
        _delta.CopyTo(_saved.Delta, 0);
        _logSlack.CopyTo(_saved.LogSlack, 0);
        _positiveSum.CopyTo(_saved.Positive, 0);
        _negativeSum.CopyTo(_saved.Negative, 0);
        _external.CopyTo(_saved.External, 0);
    }

    /// <inheritdoc />
    public void Rollback()
    {
        if (_saved is null) throw new InvalidOperationException("no checkpoint to roll back to");
        _saved.Delta.CopyTo(_delta, 0);
        _saved.LogSlack.CopyTo(_logSlack, 0);
        _saved.Positive.CopyTo(_positiveSum, 0);
        _saved.Negative.CopyTo(_negativeSum, 0);
        _saved.External.CopyTo(_external, 0);
    }

    /// <summary>η_e: the cavity probability that the variable of occurrence e falsifies its literal.</summary>
    private double Eta(int e)
    {
        int i = _variable[e];
        double bias = _positiveSum[i] - _negativeSum[i] - 2 * _external[i];
        double z = (_positive[e] ? bias : -bias) - _logSlack[e];
        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>Sets δ_e and keeps its variable's sums L± up to date.</summary>
    private void SetDelta(int e, double delta)
    {
        double slack = Math.Max(MinLogSlack, Math.Log(1 - delta));
        double change = slack - _logSlack[e];
        if (_positive[e]) _positiveSum[_variable[e]] += change;
        else _negativeSum[_variable[e]] += change;
        _delta[e] = delta;
        _logSlack[e] = slack;
    }

    private sealed class Saved(int edges, int variables)
    {
        public double[] Delta { get; } = new double[edges];

        public double[] LogSlack { get; } = new double[edges];

        public double[] Positive { get; } = new double[variables];

        public double[] Negative { get; } = new double[variables];

        public double[] External { get; } = new double[variables];
    }
}
