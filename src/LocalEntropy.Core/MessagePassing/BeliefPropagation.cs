using LocalEntropy.Numerics;

namespace LocalEntropy.MessagePassing;

/// <summary>
/// Belief propagation on a factor graph of ±1 variables with one factor per pattern (ALGORITHMS.md §3.4). Messages
/// are stored as cavity fields g_{μ→s} = atanh(u_{μ→s}); each variable keeps its total field
/// H_s = h_s + Σ_μ g_{μ→s}, so the variable-to-factor magnetization is m_{s→μ} = tanh(H_s − g_{μ→s}) and a sweep
/// costs O(variables·patterns). Factors are updated one after the other (each sees the fields already changed by
/// the previous ones). Derived classes supply the factor update for their problem.
/// </summary>
public abstract class BeliefPropagation
{
    /// <summary>|g| is capped: tanh(30) is 1 to double precision, and the cap keeps H finite when a factor is certain.</summary>
    protected const double MaxField = 30;

    private readonly double[] _u;
    private readonly double[] _cavity;
    private double[][]? _blockTotals;
    private double[][]? _blockCavities;

    /// <summary>Allocates messages (all zero: no information) for <paramref name="variables"/> × <paramref name="factors"/>.</summary>
    protected BeliefPropagation(int variables, int factors)
    {
        N = variables;
        Factors = factors;
        Messages = new double[(long)variables * factors];
        _u = new double[(long)variables * factors];
        Total = new double[variables];
        External = new double[variables];
        _cavity = new double[variables];
    }

    /// <summary>Number of variables.</summary>
    public int N { get; }

    /// <summary>Number of factors (patterns).</summary>
    protected int Factors { get; }

    /// <summary>Messages g_{μ→s}, laid out [μ·N + s].</summary>
    protected double[] Messages { get; }

    /// <summary>Messages as magnetizations u_{μ→s} = tanh g_{μ→s}, laid out like <see cref="Messages"/>.</summary>
    protected ReadOnlySpan<double> MessageTanh => _u;

    /// <summary>Total fields H_s.</summary>
    protected double[] Total { get; }

    /// <summary>External fields h_s.</summary>
    protected double[] External { get; }

    /// <summary>External field h_s of variable s (e.g. γ W̃_s for local entropy, or the focusing field).</summary>
    public double ExternalField(int s) => External[s];

    /// <summary>Sets the external field of variable <paramref name="s"/>; the total field follows in O(1).</summary>
    public void SetExternalField(int s, double h)
    {
        Total[s] += h - External[s];
        External[s] = h;
    }

    /// <summary>The field variable s receives from the data factors alone: Σ_μ g_{μ→s} = H_s − h_s.</summary>
    public double DataField(int s) => Total[s] - External[s];

    /// <summary>Sets every message back to zero.</summary>
    public void Reset()
    {
        Array.Clear(Messages);
        Array.Clear(_u);
        External.CopyTo(Total, 0);
    }

    /// <summary>
    /// Sets every message to a small random field in [−scale, scale]: breaks the symmetries that zero messages keep,
    /// such as the permutation of hidden units in a committee machine.
    /// </summary>
    public void Randomize(Rng rng, double scale)
    {
        External.CopyTo(Total, 0);
        for (long i = 0; i < Messages.LongLength; i++)
        {
            double g = scale * (2 * rng.NextDouble() - 1);
            Messages[i] = g;
            _u[i] = Math.Tanh(g);
            Total[i % N] += g;
        }
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
        int blocks = Math.Min(options.Blocks, Factors);
        if (blocks <= 1)
        {
            double change = 0;
            for (int mu = 0; mu < Factors; mu++) change = Math.Max(change, UpdateFactor(mu, options, Total, _cavity));
            return change;
        }
        EnsureBlockBuffers(blocks);
        var changes = new double[blocks];
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, b =>
        {
            double[] local = _blockTotals![b];
            Total.CopyTo(local, 0);
            int start = (int)((long)Factors * b / blocks), end = (int)((long)Factors * (b + 1) / blocks);
            double change = 0;
            for (int mu = start; mu < end; mu++) change = Math.Max(change, UpdateFactor(mu, options, local, _blockCavities![b]));
            changes[b] = change;
        });
        // H ← H + Σ_b (H_b − H): each block's factors changed only their own messages.
        for (int s = 0; s < N; s++)
        {
            double start = Total[s], sum = start;
            for (int b = 0; b < blocks; b++) sum += _blockTotals![b][s] - start;
            Total[s] = sum;
        }
        return changes.Max();
    }

    /// <summary>Marginal magnetizations tanh(H_s).</summary>
    public double[] Marginals() => [.. Total.Select(Math.Tanh)];

    /// <summary>The configuration sign(H_s) (ties to +1).</summary>
    public SpinVector Decision()
    {
        var w = new SpinVector(N);
        for (int s = 0; s < N; s++) w[s] = Total[s] >= 0 ? 1 : -1;
        return w;
    }

    /// <summary>
    /// Recomputes the messages of factor μ from the cavity magnetizations tanh(total − g) and stores them with
    /// <see cref="Store"/>; <paramref name="scratch"/> is an N-long buffer. Returns the largest change of u.
    /// </summary>
    protected abstract double UpdateFactor(int mu, BeliefPropagationOptions options, double[] total, double[] scratch);

    /// <summary>Damps, caps and stores a fresh message g_{μ→s}, keeping H consistent; returns |Δu|.</summary>
    protected double Store(int mu, int s, double fresh, double damping, double[] total)
    {
        long i = (long)mu * N + s;
        double old = Messages[i];
        fresh = Math.Clamp(damping * old + (1 - damping) * fresh, -MaxField, MaxField);
        double u = Math.Tanh(fresh);
        double change = Math.Abs(u - _u[i]);
        _u[i] = u;
        total[s] += fresh - old;
        Messages[i] = fresh;
        return change;
    }

    /// <summary>Copies messages and fields into <paramref name="into"/> (allocated when null) and returns it.</summary>
    internal Snapshot Save(Snapshot? into = null)
    {
        into ??= new Snapshot(Messages.LongLength, N);
        Messages.CopyTo(into.Messages, 0);
        _u.CopyTo(into.U, 0);
        Total.CopyTo(into.Total, 0);
        External.CopyTo(into.External, 0);
        return into;
    }

    /// <summary>Puts back the messages and fields saved by <see cref="Save"/>.</summary>
    internal void Restore(Snapshot saved)
    {
        saved.Messages.CopyTo(Messages, 0);
        saved.U.CopyTo(_u, 0);
        saved.Total.CopyTo(Total, 0);
        saved.External.CopyTo(External, 0);
    }

    /// <summary>A saved copy of the messages and fields, for trial moves that may be undone.</summary>
    internal sealed class Snapshot(long messages, int variables)
    {
        public double[] Messages { get; } = new double[messages];

        public double[] U { get; } = new double[messages];

        public double[] Total { get; } = new double[variables];

        public double[] External { get; } = new double[variables];
    }

    private void EnsureBlockBuffers(int blocks)
    {
        if (_blockTotals is { Length: var have } && have >= blocks) return;
        _blockTotals = [.. Enumerable.Range(0, blocks).Select(_ => new double[N])];
        _blockCavities = [.. Enumerable.Range(0, blocks).Select(_ => new double[N])];
    }
}
