using System.Numerics;
using System.Runtime.InteropServices;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Solvers;

/// <summary>
/// Replicated SGD on multi-level weights (docs/algorithms.md, "Multi-level weights"). Hidden weights are kept in
/// numerator units (H = L·h with h on the scale of W), clipped to [−L·B, L·B] (B = <see cref="ReplicatedSgdOptions.HiddenBound"/>),
/// and each replica plays the level nearest to its hidden weight, w = 2k − L with k = ⌊(H + L)/2 + ½⌋ clamped to
/// [0, L] (for L = 1: sign(H), H = 0 playing +1, as on binary weights). A pattern with field h^μ = w·x^μ ≤ margin·L
/// moves H by η x^μ; the coupling moves H by λ(L·m(γS) − w), with m the mean level under exp(γ v S/L)
/// (<see cref="LevelCentre.Mean"/>; tanh(γS) for L = 1).
/// </summary>
internal sealed class LevelSgdState : IReplicaSystem<LevelWeights>
{
    private readonly LevelPerceptron _problem;
    private readonly int _levels;
    private readonly float _bound;
    private readonly float[][] _hidden;
    private readonly float[][] _played;
    private readonly LevelWeights[] _weights;
    private readonly LevelWeights _centre;
    private readonly int[] _sums;
    private readonly float[] _pull;
    private float _coupling;

    public LevelSgdState(LevelPerceptron problem, int replicas, double hiddenBound)
    {
        _problem = problem;
        _levels = problem.Levels;
        _bound = (float)Math.Min(hiddenBound * _levels, float.MaxValue);
        int padded = problem.Patterns.PaddedN;
        // Padding past N stays zero in both the hidden and the played weights, so dot products over padded rows are exact.
        _hidden = Enumerable.Range(0, replicas).Select(_ => new float[padded]).ToArray();
        _played = Enumerable.Range(0, replicas).Select(_ => new float[padded]).ToArray();
        _weights = Enumerable.Range(0, replicas).Select(_ => new LevelWeights(problem.N, _levels)).ToArray();
        _centre = new LevelWeights(problem.N, _levels);
        _sums = new int[problem.N];
        // _pull[S + yL] = λ L m(γ S).
        _pull = new float[2 * replicas * _levels + 1];
    }

    public int Replicas => _hidden.Length;

    /// <summary>Hidden weights of replica <paramref name="a"/> in numerator units.</summary>
    public Span<float> Hidden(int a) => _hidden[a].AsSpan(0, _problem.N);

    /// <summary>Played weights of replica <paramref name="a"/>, as of the last update.</summary>
    public LevelWeights Weights(int a) => _weights[a];

    /// <summary>All replicas start from the same weights drawn uniformly from the levels, hidden = played.</summary>
    public void Start(Rng rng)
    {
        var w = LevelWeights.Random(_problem.N, _levels, rng);
        for (int a = 0; a < _hidden.Length; a++)
        {
            for (int j = 0; j < _problem.N; j++) _hidden[a][j] = w[j];
            Quantize(a);
        }
    }

    public void SetGamma(double gamma, float coupling)
    {
        _coupling = coupling;
        int top = _hidden.Length * _levels;
        for (int s = -top; s <= top; s++) _pull[s + top] = (float)(coupling * _levels * LevelCentre.Mean(gamma, s, _levels));
    }

    public void Step(int a, ReadOnlySpan<int> batch, float eta, int margin)
    {
        float[] played = _played[a], hidden = _hidden[a];
        int threshold = margin * _levels;
        bool changed = false;
        foreach (int mu in batch)
        {
            ReadOnlySpan<float> x = _problem.Patterns.DenseRow(mu);
            if (Dot(x, played) > threshold) continue;
            Axpy(eta, x, hidden);
            changed = true;
        }
        if (changed) Quantize(a);
    }

    private static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        var va = new Vector<float>(a);
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        for (int i = 0; i < vy.Length; i++) vy[i] += va * vx[i];
    }

    public void Couple()
    {
        SumPlayed();
        int top = _hidden.Length * _levels;
        for (int a = 0; a < _hidden.Length; a++)
        {
            float[] hidden = _hidden[a];
            ReadOnlySpan<sbyte> w = _weights[a].Numerators;
            for (int j = 0; j < _sums.Length; j++) hidden[j] += _pull[_sums[j] + top] - _coupling * w[j];
            Quantize(a);
        }
    }

    public int LowestErrors(out LevelWeights lowest)
    {
        SumPlayed();
        int y = _hidden.Length;
        // Ties go up, as the binary centre's do.
        for (int j = 0; j < _sums.Length; j++) _centre[j] = LevelReplicas.NearestLevel(_sums[j], y, _levels, _levels);
        lowest = _centre;
        int errors = _problem.Errors(_centre);
        foreach (LevelWeights w in _weights)
        {
            if (errors == 0) break;
            int e = _problem.Errors(w);
            if (e < errors)
            {
                errors = e;
                lowest = w;
            }
        }
        return errors;
    }

    private void SumPlayed()
    {
        Array.Clear(_sums);
        foreach (LevelWeights w in _weights)
        {
            ReadOnlySpan<sbyte> v = w.Numerators;
            for (int j = 0; j < _sums.Length; j++) _sums[j] += v[j];
        }
    }

    /// <summary>Clips the hidden weights of replica a and plays the nearest levels.</summary>
    private void Quantize(int a)
    {
        float[] hidden = _hidden[a], played = _played[a];
        Span<sbyte> w = _weights[a].WritableNumerators;
        for (int j = 0; j < w.Length; j++)
        {
            float h = Math.Clamp(hidden[j], -_bound, _bound);
            hidden[j] = h;
            int k = Math.Clamp((int)MathF.Floor((h + _levels) * 0.5f + 0.5f), 0, _levels);
            w[j] = (sbyte)(2 * k - _levels);
            played[j] = w[j];
        }
    }

    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> w)
    {
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vw = MemoryMarshal.Cast<float, Vector<float>>(w);
        Vector<float> acc = Vector<float>.Zero;
        for (int i = 0; i < vx.Length; i++) acc += vx[i] * vw[i];
        return Vector.Sum(acc);
    }
}
