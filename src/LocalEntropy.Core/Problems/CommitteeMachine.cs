using System.Numerics;
using LocalEntropy.Numerics;

namespace LocalEntropy.Problems;

/// <summary>
/// The binary committee machine (ALGORITHMS.md §1.3): K hidden units (K odd) with binary weights W_k ∈ {±1}^N and
/// output sign(Σ_k sign(W_k·ξ_k)). Fully connected, every unit sees the whole input (ξ_k = ξ, input length N); in the
/// tree variant the input has length N·K and unit k sees block k. Labels are absorbed (x = σξ), so pattern μ is
/// violated when Σ_k sign(W_k·x_k^μ) &lt; 0. N must be odd so that no hidden field is 0.
/// A configuration is one <see cref="SpinVector"/> of K·N spins, unit after unit; α = P/(N·K).
/// </summary>
public sealed class CommitteeMachine : IFlipProblem
{
    private readonly SpinVector[] _inputs;
    private readonly sbyte[] _labels;
    private readonly ulong[] _rows;
    private readonly ulong[] _columnBits;
    private readonly sbyte[] _columns;

    /// <summary>Builds a problem from patterns ξ^μ (length N, or N·K for a tree) and labels σ^μ.</summary>
    public CommitteeMachine(int hiddenUnits, bool tree, IReadOnlyList<SpinVector> inputs, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        if (hiddenUnits < 1 || hiddenUnits % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(hiddenUnits), hiddenUnits, "K must be odd and at least 1 (ties in the vote)");
        if (inputs.Count == 0) throw new ArgumentException("a committee machine needs at least one pattern", nameof(inputs));
        if (labels.Count != inputs.Count) throw new ArgumentException($"{inputs.Count} patterns but {labels.Count} labels", nameof(labels));
        K = hiddenUnits;
        Tree = tree;
        int inputLength = inputs[0].Length;
        if (tree && inputLength % K != 0)
            throw new ArgumentException($"a tree committee needs an input length divisible by K = {K}, got {inputLength}", nameof(inputs));
        N = tree ? inputLength / K : inputLength;
        if (N < 1 || N % 2 == 0) throw new ArgumentException($"inputs per hidden unit must be odd (no zero fields), got N = {N}", nameof(inputs));
        P = inputs.Count;
        PatternWords = SpinKernels.WordCount(P);
        RowWords = SpinKernels.WordCount(N);
        _inputs = new SpinVector[P];
        _labels = new sbyte[P];
        _rows = new ulong[(long)P * K * RowWords];
        _columnBits = new ulong[(long)K * N * PatternWords];
        _columns = new sbyte[(long)K * N * P];
        for (int mu = 0; mu < P; mu++)
        {
            SpinVector xi = inputs[mu];
            if (xi.Length != inputLength) throw new ArgumentException($"pattern {mu} has {xi.Length} inputs, expected {inputLength}", nameof(inputs));
            int sigma = labels[mu];
            if (sigma is not (1 or -1)) throw new ArgumentException($"label {mu} is {sigma}, expected -1 or 1", nameof(labels));
            _inputs[mu] = xi.Clone();
            _labels[mu] = (sbyte)sigma;
            for (int k = 0; k < K; k++)
            {
                var x = new SpinVector(N);
                for (int j = 0; j < N; j++)
                {
                    int v = sigma * xi[tree ? k * N + j : j];
                    x[j] = v;
                    int s = k * N + j;
                    _columns[(long)s * P + mu] = (sbyte)v;
                    if (v > 0) _columnBits[(long)s * PatternWords + (mu >> 6)] |= 1UL << (mu & 63);
                }
                x.Words.CopyTo(_rows.AsSpan((int)(((long)mu * K + k) * RowWords), RowWords));
            }
        }
    }

    /// <summary>Hidden units K.</summary>
    public int K { get; }

    /// <summary>Inputs per hidden unit.</summary>
    public int N { get; }

    /// <summary>Patterns.</summary>
    public int P { get; }

    /// <summary>True for the tree variant (disjoint input blocks).</summary>
    public bool Tree { get; }

    /// <summary>Length of a pattern: N, or N·K for a tree.</summary>
    public int InputLength => Tree ? N * K : N;

    /// <summary>α = P/(N·K).</summary>
    public double Alpha => (double)P / ((double)N * K);

    /// <inheritdoc />
    public int Size => N * K;

    /// <inheritdoc />
    public int Constraints => P;

    /// <summary>A copy of pattern ξ^μ.</summary>
    public SpinVector Input(int mu) => _inputs[mu].Clone();

    /// <summary>Label σ^μ.</summary>
    public int Label(int mu) => _labels[mu];

    internal int PatternWords { get; }

    internal int RowWords { get; }

    /// <summary>x_k^μ packed.</summary>
    internal ReadOnlySpan<ulong> Row(int mu, int k) => _rows.AsSpan((int)(((long)mu * K + k) * RowWords), RowWords);

    /// <summary>Column of synapse s = k·N + j over patterns, packed (bit μ set when x^μ_{k,j} = +1).</summary>
    internal ReadOnlySpan<ulong> ColumnBits(int s) => _columnBits.AsSpan(s * PatternWords, PatternWords);

    /// <summary>Column of synapse s over patterns, one byte each.</summary>
    internal ReadOnlySpan<sbyte> Column(int s) => _columns.AsSpan(s * P, P);

    /// <summary>Hidden fields h_k^μ = W_k·x_k^μ, laid out [k·P + μ].</summary>
    public void HiddenFields(SpinVector weights, Span<int> fields)
    {
        CheckWeights(weights);
        if (fields.Length != K * P) throw new ArgumentException($"need K·P = {K * P} fields", nameof(fields));
        var w = new ulong[RowWords];
        for (int k = 0; k < K; k++)
        {
            UnitWeights(weights, k, w);
            for (int mu = 0; mu < P; mu++) fields[k * P + mu] = SpinKernels.Dot(w, Row(mu, k), N);
        }
    }

    /// <inheritdoc />
    /// <remarks>Allocates nothing for committees of up to 64 kbit (on the stack), so it can run in sampling loops.</remarks>
    public int Errors(SpinVector config)
    {
        CheckWeights(config);
        int words = K * RowWords;
        Span<ulong> units = words <= 1024 ? stackalloc ulong[words] : new ulong[words];
        for (int k = 0; k < K; k++) UnitWeights(config, k, units.Slice(k * RowWords, RowWords));
        int errors = 0;
        for (int mu = 0; mu < P; mu++)
        {
            int vote = 0;
            for (int k = 0; k < K; k++) vote += SpinKernels.Dot(units.Slice(k * RowWords, RowWords), Row(mu, k), N) > 0 ? 1 : -1;
            if (vote < 0) errors++;
        }
        return errors;
    }

    /// <summary>The weights of hidden unit <paramref name="k"/> (spins k·N … k·N + N − 1).</summary>
    public SpinVector Unit(SpinVector config, int k)
    {
        CheckWeights(config);
        var v = new SpinVector(N);
        for (int j = 0; j < N; j++) v[j] = config[k * N + j];
        return v;
    }

    /// <inheritdoc />
    public IFlipState CreateState(SpinVector start, MoveEnergy energy)
    {
        CheckWeights(start);
        energy.Validate();
        if (energy.Kind == MoveEnergyKind.Hinge && energy.Margin != 0)
            throw new ArgumentException($"the committee machine's hinge takes no margin, got {energy}", nameof(energy));
        return new CommitteeFlipState(this, start, hinge: energy.Kind == MoveEnergyKind.Hinge);
    }

    /// <summary>The weights of unit <paramref name="k"/> of <paramref name="config"/>, packed like <see cref="Row"/>.</summary>
    internal void UnitWeights(SpinVector config, int k, Span<ulong> words)
    {
        words.Clear();
        for (int j = 0; j < N; j++)
        {
            if (config[k * N + j] > 0) words[j >> 6] |= 1UL << (j & 63);
        }
    }

    private void CheckWeights(SpinVector weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != N * K)
            throw new ArgumentException($"weights have length {weights.Length}, the committee has K·N = {K * N}", nameof(weights));
    }
}

/// <summary>
/// Incremental errors of a committee machine under single synapse flips. Flipping W_{k,j} moves every hidden field
/// h_k^μ by ±2; the output of μ changes only when unit k's field crosses zero (h_k^μ = ±1) while the vote is
/// balanced on it (Σ_k sign h_k^μ = ±1 with the same sign). With bitsets of those patterns a proposal is a few
/// popcounts per 64 patterns.
/// <para>
/// The hinge energy (<see cref="MoveEnergyKind.Hinge"/>, margin 0) charges each misclassified pattern the fewest
/// synapse flips that would fix it: with d more units needed on the right side, the sum of the d smallest
/// (1 − h_k^μ)/2 over the units on the wrong side (the stabilities h are label-signed, odd). It is 0 exactly on
/// solutions, and unlike the error count it falls while a wrong pattern's fields move towards the vote that fixes
/// it. A correct pattern costs nothing, so a flip changes it only where the error count does (a pattern that
/// becomes wrong costs 1); the wrong patterns are recomputed from their K fields.
/// </para>
/// </summary>
internal sealed class CommitteeFlipState : IFlipState
{
    private readonly CommitteeMachine _problem;
    private readonly SpinVector _weights;
    private readonly int[] _fields;
    private readonly int[] _votes;
    private readonly ulong[] _plusOne;
    private readonly ulong[] _minusOne;
    private readonly ulong[] _voteIsPlusOne;
    private readonly ulong[] _voteIsMinusOne;
    private readonly bool _hinge;
    private readonly int[] _cost;
    private readonly int[] _wrong;
    private readonly int[] _scratch;
    private int _wrongCount;
    private long _hingeEnergy;

    public CommitteeFlipState(CommitteeMachine problem, SpinVector start, bool hinge = false)
    {
        _hinge = hinge;
        _cost = new int[hinge ? problem.P : 0];
        _wrong = new int[hinge ? problem.P : 0];
        _scratch = new int[problem.K];
        _problem = problem;
        _weights = start.Clone();
        int k = problem.K, p = problem.P, words = problem.PatternWords;
        _fields = new int[k * p];
        _votes = new int[p];
        _plusOne = new ulong[k * words];
        _minusOne = new ulong[k * words];
        _voteIsPlusOne = new ulong[words];
        _voteIsMinusOne = new ulong[words];
        Reset(start);
    }

    public SpinVector Configuration => _weights;

    public long Energy => _hinge ? _hingeEnergy : Errors;

    public int Errors { get; private set; }

    public void Reset(SpinVector config)
    {
        _weights.CopyFrom(config);
        _problem.HiddenFields(_weights, _fields);
        int p = _problem.P;
        Array.Clear(_votes);
        for (int k = 0; k < _problem.K; k++)
        {
            for (int mu = 0; mu < p; mu++) _votes[mu] += _fields[k * p + mu] > 0 ? 1 : -1;
            RebuildUnit(k);
        }
        RebuildVotes();
    }

    public int DeltaEnergy(int s)
    {
        int k = s / _problem.N;
        int words = _problem.PatternWords;
        ReadOnlySpan<ulong> column = _problem.ColumnBits(s);
        // The field of μ falls when x^μ_{k,j} = W_{k,j}: the set bits of the column if W = +1.
        ulong flip = _weights[s] > 0 ? 0UL : ulong.MaxValue;
        int delta = 0;
        for (int w = 0; w < words; w++)
        {
            ulong falling = column[w] ^ flip;
            delta += BitOperations.PopCount(_plusOne[k * words + w] & _voteIsPlusOne[w] & falling);
            if (!_hinge) delta -= BitOperations.PopCount(_minusOne[k * words + w] & _voteIsMinusOne[w] & ~falling);
        }
        if (!_hinge) return delta;
        // Newly wrong patterns cost 1 each (counted above); the wrong ones are recomputed with unit k moved.
        int p = _problem.P, step = -2 * _weights[s];
        ReadOnlySpan<sbyte> x = _problem.Column(s);
        for (int i = 0; i < _wrongCount; i++)
        {
            int mu = _wrong[i], h = _fields[k * p + mu];
            // A unit at h ≥ 3 stays on the right side after a ±2 move and plays no part in the cost.
            if (h >= 3) continue;
            delta += Cost(mu, k, h + step * x[mu]) - _cost[mu];
        }
        return delta;
    }

    /// <summary>The hinge cost of pattern μ with unit <paramref name="k"/>'s field replaced by <paramref name="field"/>.</summary>
    private int Cost(int mu, int k, int field)
    {
        int p = _problem.P, units = _problem.K, right = 0, wrong = 0;
        for (int u = 0; u < units; u++)
        {
            int h = u == k ? field : _fields[u * p + mu];
            if (h > 0) right++;
            else _scratch[wrong++] = (1 - h) / 2;
        }
        int needed = (units + 1) / 2 - right, cost = 0;
        // Partial selection of the `needed` cheapest units; K is small.
        for (int t = 0; t < needed; t++)
        {
            int best = t;
            for (int i = t + 1; i < wrong; i++)
            {
                if (_scratch[i] < _scratch[best]) best = i;
            }
            (_scratch[t], _scratch[best]) = (_scratch[best], _scratch[t]);
            cost += _scratch[t];
        }
        return cost;
    }

    public void Flip(int s)
    {
        int k = s / _problem.N, p = _problem.P;
        int step = -2 * _weights[s];
        _weights.Flip(s);
        ReadOnlySpan<sbyte> column = _problem.Column(s);
        Span<int> fields = _fields.AsSpan(k * p, p);
        for (int mu = 0; mu < p; mu++)
        {
            int before = fields[mu];
            int after = before + step * column[mu];
            fields[mu] = after;
            // Odd N: a field never sits at 0, so a sign change is a move between +1 and −1.
            if ((before > 0) != (after > 0)) _votes[mu] += after > 0 ? 2 : -2;
        }
        RebuildUnit(k);
        RebuildVotes();
    }

    private void RebuildUnit(int k)
    {
        int p = _problem.P, words = _problem.PatternWords;
        Span<ulong> plus = _plusOne.AsSpan(k * words, words), minus = _minusOne.AsSpan(k * words, words);
        plus.Clear();
        minus.Clear();
        for (int mu = 0; mu < p; mu++)
        {
            int h = _fields[k * p + mu];
            if (h == 1) plus[mu >> 6] |= 1UL << (mu & 63);
            else if (h == -1) minus[mu >> 6] |= 1UL << (mu & 63);
        }
    }

    private void RebuildVotes()
    {
        Array.Clear(_voteIsPlusOne);
        Array.Clear(_voteIsMinusOne);
        int errors = 0;
        for (int mu = 0; mu < _problem.P; mu++)
        {
            int v = _votes[mu];
            if (v < 0) errors++;
            if (v == 1) _voteIsPlusOne[mu >> 6] |= 1UL << (mu & 63);
            else if (v == -1) _voteIsMinusOne[mu >> 6] |= 1UL << (mu & 63);
        }
        Errors = errors;
        if (!_hinge) return;
        _wrongCount = 0;
        _hingeEnergy = 0;
        for (int mu = 0; mu < _problem.P; mu++)
        {
            _cost[mu] = 0;
            if (_votes[mu] > 0) continue;
            _wrong[_wrongCount++] = mu;
            _cost[mu] = Cost(mu, 0, _fields[mu]);
            _hingeEnergy += _cost[mu];
        }
    }
}
