using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Solvers;

/// <summary>Hidden weights, played weights and centre of the y replicas of <see cref="ReplicatedSgd"/>, with its per-batch updates.</summary>
internal sealed class ReplicatedSgdState : IReplicaSystem<SpinVector>
{
    private readonly ILearningRule _rule;
    private readonly int _size;
    private readonly float[][] _hidden;
    private readonly SpinVector[] _weights;
    private readonly SpinVector _centre;
    private readonly float[] _sums;
    private readonly float[] _target;
    private readonly float[] _pull;
    private float _coupling;

    public ReplicatedSgdState(Perceptron problem, int replicas)
        : this(new PerceptronRule(problem), replicas)
    {
    }

    public ReplicatedSgdState(ILearningRule rule, int replicas)
    {
        _rule = rule;
        _size = rule.Size;
        int padded = SpinKernels.WordCount(_size) * 64;
        // Hidden weights past the last synapse are padding: the vector loops move them too, and Binarize masks them out of the packed words.
        _hidden = Enumerable.Range(0, replicas).Select(_ => new float[padded]).ToArray();
        _weights = Enumerable.Range(0, replicas).Select(_ => new SpinVector(_size)).ToArray();
        _centre = new SpinVector(_size);
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
        var w = SpinVector.Random(_size, rng);
        foreach (float[] h in _hidden)
        {
            h.AsSpan().Clear();
            for (int j = 0; j < _size; j++) h[j] = w[j];
        }
        foreach (SpinVector v in _weights) v.CopyFrom(w);
    }

    public void SetGamma(double gamma, float coupling)
    {
        _coupling = coupling;
        int y = _hidden.Length;
        for (int s = -y; s <= y; s++) _pull[s + y] = (float)(coupling * Math.Tanh(gamma * s));
    }

    /// <summary>The learning rule's step for replica <paramref name="a"/> on a mini-batch (fields taken before the update).</summary>
    public void Step(int a, ReadOnlySpan<int> batch, float eta, int margin)
    {
        if (_rule.Step(_weights[a], batch, eta, margin, _hidden[a])) Binarize(_hidden[a], _weights[a]);
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
        for (int j = 0; j < _size; j++) _target[j] = _pull[(int)sums[j] + y];
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
        int errors = _rule.Errors(_centre);
        foreach (SpinVector w in _weights)
        {
            if (errors == 0) break;
            int e = _rule.Errors(w);
            if (e < errors)
            {
                errors = e;
                lowest = w;
            }
        }
        return errors;
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
        words[^1] &= SpinKernels.TailMask(_size);
    }
}

/// <summary>The y replicas of <see cref="ReplicatedSgd"/> on one kind of weights: what an epoch of the solver does to them.</summary>
internal interface IReplicaSystem<TConfig>
{
    /// <summary>Number of replicas.</summary>
    int Replicas { get; }

    /// <summary>All replicas start from the same random weights.</summary>
    void Start(Rng rng);

    /// <summary>Sets γ and the coupling strength λ for the next batches.</summary>
    void SetGamma(double gamma, float coupling);

    /// <summary>The data step of replica <paramref name="a"/> on a mini-batch (fields taken before the update).</summary>
    void Step(int a, ReadOnlySpan<int> batch, float eta, int margin);

    /// <summary>The coupling step of every replica towards the centre.</summary>
    void Couple();

    /// <summary>The lowest error count among the centre and the replicas, and the configuration that has it.</summary>
    int LowestErrors(out TConfig lowest);
}

/// <summary>
/// The data term of replicated SGD on one problem: which patterns a replica gets wrong, and how its hidden weights move
/// for them.
/// </summary>
internal interface ILearningRule
{
    /// <summary>Synapses of a configuration.</summary>
    int Size { get; }

    /// <summary>Training errors of <paramref name="weights"/>.</summary>
    int Errors(SpinVector weights);

    /// <summary>
    /// Moves <paramref name="hidden"/> for the patterns of <paramref name="batch"/> that <paramref name="weights"/>
    /// gets wrong (or right by at most <paramref name="margin"/>), all judged before any move; true when it moved.
    /// </summary>
    bool Step(SpinVector weights, ReadOnlySpan<int> batch, float eta, int margin, Span<float> hidden);
}

/// <summary>The perceptron rule: H += η x^μ for every pattern with W·x^μ ≤ margin.</summary>
internal sealed class PerceptronRule(Perceptron problem) : ILearningRule
{
    public int Size => problem.N;

    public int Errors(SpinVector weights) => problem.Errors(weights);

    public bool Step(SpinVector weights, ReadOnlySpan<int> batch, float eta, int margin, Span<float> hidden)
    {
        ReadOnlySpan<ulong> w = weights.Words;
        bool changed = false;
        foreach (int mu in batch)
        {
            if (SpinKernels.Dot(w, problem.SignedRow(mu), problem.N) > margin) continue;
            SpinKernels.AddSigned(eta, problem.SignedRow(mu), hidden);
            changed = true;
        }
        return changed;
    }
}

/// <summary>
/// The committee rule of the reference replicated SGD for committee machines: for a pattern the vote gets wrong, the
/// fewest hidden units that can turn the vote, (1 − Σ_k sign h_k)/2 of them, chosen among the units of wrong sign
/// with the smallest |h_k|, each move H_k += η x_k^μ. Patterns the committee classifies right do not move it.
/// </summary>
internal sealed class CommitteeRule : ILearningRule
{
    private readonly CommitteeMachine _problem;
    private readonly ulong[] _units;
    private readonly int[] _fields;
    private readonly int[] _wrong;

    public CommitteeRule(CommitteeMachine problem)
    {
        _problem = problem;
        _units = new ulong[problem.K * problem.RowWords];
        _fields = new int[problem.K];
        _wrong = new int[problem.K];
    }

    public int Size => _problem.N * _problem.K;

    public int Errors(SpinVector weights) => _problem.Errors(weights);

    public bool Step(SpinVector weights, ReadOnlySpan<int> batch, float eta, int margin, Span<float> hidden)
    {
        int n = _problem.N, k = _problem.K, words = _problem.RowWords;
        for (int u = 0; u < k; u++) _problem.UnitWeights(weights, u, _units.AsSpan(u * words, words));
        bool changed = false;
        foreach (int mu in batch)
        {
            int vote = 0, wrong = 0;
            for (int u = 0; u < k; u++)
            {
                int h = SpinKernels.Dot(_units.AsSpan(u * words, words), _problem.Row(mu, u), n);
                _fields[u] = h;
                vote += h > 0 ? 1 : -1;
                if (h < 0) _wrong[wrong++] = u;
            }
            if (vote > 0) continue;
            // Insertion sort of the wrong units by |h| (K is small).
            for (int i = 1; i < wrong; i++)
            {
                int unit = _wrong[i], j = i - 1;
                for (; j >= 0 && _fields[_wrong[j]] < _fields[unit]; j--) _wrong[j + 1] = _wrong[j];
                _wrong[j + 1] = unit;
            }
            for (int i = 0, needed = (1 - vote) / 2; i < needed; i++)
            {
                int unit = _wrong[i];
                ReadOnlySpan<ulong> x = _problem.Row(mu, unit);
                Span<float> h = hidden.Slice(unit * n, n);
                for (int j = 0; j < n; j++) h[j] += ((x[j >> 6] >> (j & 63)) & 1) != 0 ? eta : -eta;
            }
            changed = true;
        }
        return changed;
    }
}
