using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.MessagePassing;

/// <summary>
/// Approximate message passing for the binary perceptron (ALGORITHMS.md §3.9; Kabashima 2003, GAMP form of Rangan
/// 2011): BP's N·P cavity messages collapsed to O(N + P) state, with F_{μi} = x^μ_i/√N. One iteration:
/// V = (1/N)Σ_i (1 − m_i²); ω_μ = Σ_i F_{μi} m_i − V g_μ (Onsager term with the previous g);
/// t_μ = −ω_μ/√V, φ_μ = G(t_μ)/H(t_μ), g_μ = φ_μ/√V, −∂g_μ = (φ_μ² − t_μ φ_μ)/V;
/// A = (1/N)Σ_μ (−∂g_μ); B_i = Σ_μ F_{μi} g_μ + A m_i; m_i ← tanh(B_i + h_i), damped. The two products read the
/// packed patterns row-wise and column-wise (<see cref="Perceptron.RowStore"/>, <see cref="Perceptron.ColumnStore"/>):
/// O(N·P) additions per iteration and no N·P reals stored. At large N its fixed point is BP's.
/// </summary>
public sealed class PerceptronAmp
{
    // V → 0 when every marginal is polarised; the floor keeps t and g finite.
    private const double VarianceFloor = 1e-12;

    private static readonly double SqrtTwoOverPi = Math.Sqrt(2 / Math.PI);
    private static readonly double InvSqrtTwoPi = 1 / Math.Sqrt(2 * Math.PI);

    private readonly Perceptron _problem;
    private readonly int _threads;
    private readonly double _scale;
    private readonly double[] _m;
    private readonly double[] _data;
    private readonly double[] _external;
    private readonly double[] _omega;
    private readonly double[] _g;

    /// <summary>Prepares the state (all marginals zero) for <paramref name="problem"/>; the products use up to <paramref name="threads"/> threads.</summary>
    public PerceptronAmp(Perceptron problem, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(problem);
        _problem = problem;
        _threads = threads > 0 ? threads : Environment.ProcessorCount;
        _scale = 1 / Math.Sqrt(problem.N);
        _m = new double[problem.N];
        _data = new double[problem.N];
        _external = new double[problem.N];
        _omega = new double[problem.P];
        _g = new double[problem.P];
    }

    /// <summary>Number of variables.</summary>
    public int N => _m.Length;

    /// <summary>The marginal magnetizations m_i.</summary>
    public ReadOnlySpan<double> Magnetizations => _m;

    /// <summary>The field B_i each variable received from the patterns in the last iteration.</summary>
    public double DataField(int i) => _data[i];

    /// <summary>The external field h_i used by <see cref="Iterate"/> without focusing (e.g. γ W̃_i).</summary>
    public double ExternalField(int i) => _external[i];

    /// <summary>Sets the external field of variable <paramref name="i"/>.</summary>
    public void SetExternalField(int i, double h) => _external[i] = h;

    /// <summary>Sets every marginal to an independent uniform value in [−scale, scale] and forgets the previous g.</summary>
    public void Randomize(Rng rng, double scale)
    {
        for (int i = 0; i < N; i++) _m[i] = scale * (2 * rng.NextDouble() - 1);
        Array.Clear(_g);
        Array.Clear(_data);
    }

    /// <summary>
    /// One AMP iteration; returns the largest change of a marginal. With a focusing step (γ, y) the external field
    /// of variable i is the focusing field <see cref="FocusingBeliefPropagation.FocusField"/>(B_i, γ, y) of the fresh
    /// data field (with γ = ∞, the reinforcement field (y − 1)B_i); without one it is <see cref="ExternalField"/>.
    /// </summary>
    public double Iterate(double damping, FocusingStep? focus = null)
    {
        int n = N, p = _problem.P;
        double variance = 0;
        foreach (double m in _m) variance += 1 - m * m;
        variance = Math.Max(variance / n, VarianceFloor);
        double sd = Math.Sqrt(variance);

        PackedProduct.Multiply(_problem.RowStore, _problem.RowWords, _m, _omega, _threads);
        double slope = 0;
        for (int mu = 0; mu < p; mu++)
        {
            double omega = _scale * _omega[mu] - variance * _g[mu];
            double t = -omega / sd;
            double phi = GaussianOverTail(t);
            _g[mu] = phi / sd;
            slope += (phi * phi - t * phi) / variance;
        }
        double a = slope / n;

        PackedProduct.Multiply(_problem.ColumnStore, _problem.PatternWords, _g, _data, _threads);
        double change = 0, keep = damping, take = 1 - damping;
        for (int i = 0; i < n; i++)
        {
            double b = _scale * _data[i] + a * _m[i];
            _data[i] = b;
            double h = focus is { } f ? FocusingBeliefPropagation.FocusField(b, f.Gamma, f.Y) : _external[i];
            double next = keep * _m[i] + take * Math.Tanh(b + h);
            change = Math.Max(change, Math.Abs(next - _m[i]));
            _m[i] = next;
        }
        // Math.Max passes a NaN marginal on; a non-finite slope means the whole state is lost.
        return double.IsFinite(a) ? change : double.NaN;
    }

    /// <summary>Iterates without focusing until no marginal moves by more than <paramref name="tolerance"/>, or out of iterations.</summary>
    public BeliefPropagationResult Run(double tolerance, int maxIterations, double damping)
    {
        double change = double.PositiveInfinity;
        for (int it = 1; it <= maxIterations; it++)
        {
            change = Iterate(damping);
            if (change < tolerance) return new BeliefPropagationResult(true, it, change);
        }
        return new BeliefPropagationResult(false, maxIterations, change);
    }

    /// <summary>The configuration sign(m_i) (ties to +1).</summary>
    public SpinVector Decision()
    {
        var w = new SpinVector(N);
        for (int i = 0; i < N; i++) w[i] = _m[i] >= 0 ? 1 : -1;
        return w;
    }

    /// <summary>
    /// φ(t) = G(t)/H(t), the derivative of −log H: for t ≥ 0 as √(2/π)/erfcx(t/√2), finite however far in the tail;
    /// for t &lt; 0 from H(t) = 1 − ½ erfc(−t/√2).
    /// </summary>
    internal static double GaussianOverTail(double t)
    {
        if (t >= 0) return SqrtTwoOverPi / GaussianTails.Erfcx(t / Math.Sqrt(2));
        double gauss = Math.Exp(-0.5 * t * t);
        return gauss * InvSqrtTwoPi / (1 - 0.5 * gauss * GaussianTails.Erfcx(-t / Math.Sqrt(2)));
    }
}
