using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Solvers;

/// <summary>Hidden weights, played weights and centre of the y replicas of <see cref="ReplicatedSgd"/>, with its per-batch updates.</summary>
internal sealed class ReplicatedSgdState
{
    private readonly Perceptron _problem;
    private readonly float[][] _hidden;
    private readonly SpinVector[] _weights;
    private readonly SpinVector _centre;
    private readonly float[] _sums;
    private readonly float[] _target;
    private readonly float[] _pull;
    private float _coupling;

    public ReplicatedSgdState(Perceptron problem, int replicas)
    {
        _problem = problem;
        int padded = problem.PaddedN;
        // Hidden weights past N are padding: the vector loops move them too, and Binarize masks them out of the packed words.
        _hidden = Enumerable.Range(0, replicas).Select(_ => new float[padded]).ToArray();
        _weights = Enumerable.Range(0, replicas).Select(_ => new SpinVector(problem.N)).ToArray();
        _centre = new SpinVector(problem.N);
        _sums = new float[padded];
        _target = new float[padded];
        // _pull[S + y] = λ tanh(γ S).
        _pull = new float[2 * replicas + 1];
    }

    /// <summary>Number of replicas.</summary>
    public int Replicas => _hidden.Length;

    /// <summary>Hidden weights of replica <paramref name="a"/> (padded past N with zeros).</summary>
    public Span<float> Hidden(int a) => _hidden[a];

    /// <summary>Played weights sign(H) of replica <paramref name="a"/>, as of the last update.</summary>
    public SpinVector Weights(int a) => _weights[a];

    /// <summary>Recomputes the played weights after the hidden weights were set directly.</summary>
    public void Refresh()
    {
        for (int a = 0; a < _hidden.Length; a++) Binarize(_hidden[a], _weights[a]);
    }

    /// <summary>All replicas start from the same random ±1 hidden weights.</summary>
    public void Start(Rng rng)
    {
        var w = SpinVector.Random(_problem.N, rng);
        foreach (float[] h in _hidden)
        {
            h.AsSpan().Clear();
            for (int j = 0; j < _problem.N; j++) h[j] = w[j];
        }
        foreach (SpinVector v in _weights) v.CopyFrom(w);
    }

    public void SetGamma(double gamma, float coupling)
    {
        _coupling = coupling;
        int y = _hidden.Length;
        for (int s = -y; s <= y; s++) _pull[s + y] = (float)(coupling * Math.Tanh(gamma * s));
    }

    /// <summary>H^a += η Σ x^μ over the batch patterns that W^a misclassifies (fields taken before the update).</summary>
    public void PerceptronStep(int a, ReadOnlySpan<int> batch, float eta, int margin)
    {
        ReadOnlySpan<ulong> w = _weights[a].Words;
        Span<float> h = _hidden[a];
        int n = _problem.N;
        bool changed = false;
        foreach (int mu in batch)
        {
            if (SpinKernels.Dot(w, _problem.SignedRow(mu), n) > margin) continue;
            Axpy(eta, _problem.DenseRow(mu), h);
            changed = true;
        }
        if (changed) Binarize(h, _weights[a]);
    }

    /// <summary>
    /// H^a_j += λ (tanh(γ S_j) − W^a_j) for every replica, with S_j = Σ_a W^a_j and W = sign(H); then the played
    /// weights again.
    /// </summary>
    public void Couple()
    {
        Span<float> sums = _sums;
        sums.Clear();
        foreach (float[] h in _hidden) AddSigns(h, sums);
        int y = _hidden.Length;
        for (int j = 0; j < _problem.N; j++) _target[j] = _pull[(int)sums[j] + y];
        for (int a = 0; a < y; a++)
        {
            PullTowards(_hidden[a], _target, _coupling);
            Binarize(_hidden[a], _weights[a]);
        }
    }

    /// <summary>The lowest error count among the centre and the replicas, and the configuration that has it.</summary>
    public int LowestErrors(out SpinVector lowest)
    {
        Span<float> sums = _sums;
        sums.Clear();
        foreach (float[] h in _hidden) AddSigns(h, sums);
        // Ties (even y) count as +1.
        Binarize(sums, _centre);
        lowest = _centre;
        int errors = _problem.Errors(_centre);
        foreach (SpinVector w in _weights)
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

    private static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        var va = new Vector<float>(a);
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        for (int i = 0; i < vy.Length; i++) vy[i] += va * vx[i];
    }

    /// <summary>sums += sign(h) with sign(h) = +1 for h ≥ 0.</summary>
    private static void AddSigns(ReadOnlySpan<float> h, Span<float> sums)
    {
        var vh = MemoryMarshal.Cast<float, Vector<float>>(h);
        var vs = MemoryMarshal.Cast<float, Vector<float>>(sums);
        var plus = Vector<float>.One;
        var minus = -Vector<float>.One;
        for (int i = 0; i < vs.Length; i++)
        {
            vs[i] += Vector.ConditionalSelect(Vector.GreaterThanOrEqual(vh[i], Vector<float>.Zero), plus, minus);
        }
    }

    /// <summary>h += target − λ sign(h).</summary>
    private static void PullTowards(Span<float> h, ReadOnlySpan<float> target, float coupling)
    {
        var vh = MemoryMarshal.Cast<float, Vector<float>>(h);
        var vt = MemoryMarshal.Cast<float, Vector<float>>(target);
        var plus = new Vector<float>(coupling);
        var minus = -plus;
        for (int i = 0; i < vh.Length; i++)
        {
            vh[i] += vt[i] - Vector.ConditionalSelect(Vector.GreaterThanOrEqual(vh[i], Vector<float>.Zero), plus, minus);
        }
    }

    /// <summary>W_j = +1 where H_j ≥ 0, −1 elsewhere, written a word at a time.</summary>
    private void Binarize(ReadOnlySpan<float> h, SpinVector w)
    {
        Span<ulong> words = w.WritableWords;
        for (int k = 0; k < words.Length; k++)
        {
            ref float block = ref Unsafe.Add(ref MemoryMarshal.GetReference(h), k * 64);
            ulong bits = 0;
            for (int b = 0; b < 8; b++)
            {
                var v = Vector256.LoadUnsafe(ref block, (nuint)(b * 8));
                bits |= (ulong)Vector256.GreaterThanOrEqual(v, Vector256<float>.Zero).ExtractMostSignificantBits() << (b * 8);
            }
            words[k] = bits;
        }
        words[^1] &= SpinKernels.TailMask(_problem.N);
    }
}
