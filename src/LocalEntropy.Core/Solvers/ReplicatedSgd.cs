using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LocalEntropy.Numerics;
using LocalEntropy.Problems;

namespace LocalEntropy.Solvers;

/// <summary>
/// Options for <see cref="ReplicatedSgd"/>. Defaults were measured on the random binary perceptron at N = 1001
/// (ALGORITHMS.md §3, "Settings measured to work"): y = 7, batch 80, η = 2, coupling λ = 1.5, γ from 0.05 growing
/// by 3·10⁻⁴ per epoch, fresh weights after 4000 epochs. (The committee-machine reference values λ = 0.75,
/// γ step 10⁻³ fail to couple the replicas at α = 0.7 for this N.)
/// </summary>
public sealed record ReplicatedSgdOptions
{
    /// <summary>Number of replicas y.</summary>
    public int Replicas { get; init; } = 7;

    /// <summary>Patterns per mini-batch.</summary>
    public int BatchSize { get; init; } = 80;

    /// <summary>Step η along x^μ for each misclassified pattern of a batch.</summary>
    public double LearningRate { get; init; } = 2.0;

    /// <summary>A pattern takes a step when its integer field W^a·x^μ is at most this (0: only misclassified patterns).</summary>
    public int Margin { get; init; }

    /// <summary>Coupling strength λ in H^a_j += λ (tanh(γ S_j) − W^a_j).</summary>
    public double Coupling { get; init; } = 1.5;

    /// <summary>γ at the first epoch of a run.</summary>
    public double GammaStart { get; init; } = 0.05;

    /// <summary>Added to γ after every epoch.</summary>
    public double GammaStep { get; init; } = 3e-4;

    /// <summary>Epochs before the replicas restart from fresh weights.</summary>
    public int EpochsPerRun { get; init; } = 4000;

    /// <summary>Iteration (epoch) and time budgets.</summary>
    public SolverLimits Limits { get; init; } = new();

    /// <summary>Throws for options that cannot run.</summary>
    public void Validate()
    {
        if (Replicas < 1) throw new ArgumentOutOfRangeException(nameof(Replicas), Replicas, "needs at least one replica");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be at least 1");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive");
        if (!(Coupling >= 0) || !double.IsFinite(Coupling))
            throw new ArgumentOutOfRangeException(nameof(Coupling), Coupling, "must be >= 0");
        if (!(GammaStart >= 0) || !double.IsFinite(GammaStart))
            throw new ArgumentOutOfRangeException(nameof(GammaStart), GammaStart, "must be >= 0");
        if (!(GammaStep >= 0) || !double.IsFinite(GammaStep))
            throw new ArgumentOutOfRangeException(nameof(GammaStep), GammaStep, "must be >= 0");
        if (Margin < 0) throw new ArgumentOutOfRangeException(nameof(Margin), Margin, "must be >= 0");
        if (EpochsPerRun < 1) throw new ArgumentOutOfRangeException(nameof(EpochsPerRun), EpochsPerRun, "must be at least 1");
        Limits.Validate();
    }
}

/// <summary>
/// Replicated SGD for binary weights (ALGORITHMS.md §3.3). Each replica a keeps continuous hidden weights H^a and
/// plays W^a = sign(H^a). Per mini-batch every replica moves H^a along x^μ for its misclassified patterns; then the
/// attractive coupling H^a_j += λ (tanh(γ S_j) − W^a_j), S_j = Σ_b W^b_j, pulls the replicas towards their centre.
/// γ grows each epoch, so the replicas collapse into a dense region of solutions.
/// </summary>
public sealed class ReplicatedSgd : ISolver<Perceptron>
{
    private readonly ReplicatedSgdOptions _options;

    /// <summary>Creates the solver; the options are validated here.</summary>
    public ReplicatedSgd(ReplicatedSgdOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public string Name => "rsgd";

    /// <inheritdoc />
    public SolveResult Solve(Perceptron problem, Rng rng, IProgress<SolveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var monitor = new RunMonitor(_options.Limits, progress, cancellationToken);
        var system = new ReplicaSystem(problem, _options.Replicas);
        int p = problem.P, y = _options.Replicas;
        var order = new int[y][];
        for (int a = 0; a < y; a++) order[a] = Enumerable.Range(0, p).ToArray();
        var replicaRngs = Enumerable.Range(0, y).Select(a => rng.Fork((ulong)a)).ToArray();
        SpinVector best = new(problem.N);
        int bestErrors = int.MaxValue;
        StopReason? stop = null;
        system.Start(rng);
        int epochInRun = 0;
        float eta = (float)_options.LearningRate;
        while (stop is null)
        {
            double gamma = _options.GammaStart + _options.GammaStep * epochInRun;
            system.SetGamma(gamma, (float)_options.Coupling);
            for (int a = 0; a < y; a++) replicaRngs[a].Shuffle(order[a].AsSpan());
            for (int start = 0; start < p; start += _options.BatchSize)
            {
                int count = Math.Min(_options.BatchSize, p - start);
                for (int a = 0; a < y; a++) system.PerceptronStep(a, order[a].AsSpan(start, count), eta, _options.Margin);
                system.Couple();
            }
            int errors = system.LowestErrors(out SpinVector lowest);
            if (errors < bestErrors)
            {
                bestErrors = errors;
                best.CopyFrom(lowest);
            }
            stop = monitor.Tick(errors, $"γ={gamma:F3}");
            if (stop is null && ++epochInRun >= _options.EpochsPerRun)
            {
                monitor.Restarts++;
                epochInRun = 0;
                system.Start(rng);
            }
        }
        return new SolveResult(best, problem.Errors(best), monitor.Iterations, monitor.Restarts, monitor.Elapsed, stop.Value, monitor.Trace);
    }

    /// <summary>Hidden weights, played weights and centre of y replicas, with the per-batch updates.</summary>
    private sealed class ReplicaSystem
    {
        private readonly Perceptron _problem;
        private readonly float[][] _hidden;
        private readonly SpinVector[] _weights;
        private readonly SpinVector _centre;
        private readonly float[] _sums;
        private readonly float[] _target;
        private readonly float[] _pull;
        private float _coupling;

        public ReplicaSystem(Perceptron problem, int replicas)
        {
            _problem = problem;
            int padded = problem.PaddedN;
            // Hidden weights past N stay at +0: they play +1, which Binarize masks out of the packed words.
            _hidden = Enumerable.Range(0, replicas).Select(_ => new float[padded]).ToArray();
            _weights = Enumerable.Range(0, replicas).Select(_ => new SpinVector(problem.N)).ToArray();
            _centre = new SpinVector(problem.N);
            _sums = new float[padded];
            _target = new float[padded];
            // _pull[S + y] = λ tanh(γ S).
            _pull = new float[2 * replicas + 1];
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
}
