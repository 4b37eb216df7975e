using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LocalEntropy.Numerics;

namespace LocalEntropy.MessagePassing;

/// <summary>
/// Belief propagation on a factor graph of ±1 variables with one factor per pattern (ALGORITHMS.md §3.4). Messages
/// are stored as cavity fields g_{μ→s} = atanh(u_{μ→s}); each variable keeps its total field
/// H_s = h_s + Σ_μ g_{μ→s}, so the variable-to-factor magnetization is m_{s→μ} = tanh(H_s − g_{μ→s}) and a sweep
/// costs O(variables·patterns). Factors are updated one after the other (each sees the fields already changed by
/// the previous ones). A factor update has two phases over fixed chunks of the variables: each chunk sums its share
/// of the factor's cavity statistics (<see cref="Accumulate"/>), the shares are added in chunk order, and then each
/// chunk computes and stores its own messages (<see cref="Emit"/>). Threads split the chunks between them and meet
/// once per factor, so every thread count computes exactly the same numbers. Derived classes supply the two phases.
/// </summary>
public abstract class BeliefPropagation : ILocalFreeEntropy
{
    /// <summary>|g| is capped: tanh(30) is 1 to double precision, and the cap keeps H finite when a factor is certain.</summary>
    protected const double MaxField = 30;

    // Chunk boundaries fall on whole Vector512<double>s, so only the last chunk ends in a scalar tail; below this
    // many variables per chunk a factor is not worth splitting.
    private const int ChunkAlignment = 8;
    private const int MinChunkVariables = 256;

    private static int _sweepsRunning;

    private readonly double[] _u;
    private readonly double[] _cavity;
    private readonly int _partialLength;
    private readonly double[] _partials;
    private readonly double[] _sums;
    private double[][]? _blockTotals;
    private double[][]? _blockCavities;
    private double[][]? _blockPartials;
    private ChunkTeam? _team;
    private Snapshot? _checkpoint;

    /// <summary>
    /// Allocates messages (all zero: no information) for <paramref name="variables"/> × <paramref name="factors"/>;
    /// a factor's cavity statistics are <paramref name="partialLength"/> sums over its variables.
    /// </summary>
    protected BeliefPropagation(int variables, int factors, int partialLength)
    {
        N = variables;
        Factors = factors;
        Messages = new double[(long)variables * factors];
        _u = new double[(long)variables * factors];
        Total = new double[variables];
        External = new double[variables];
        _cavity = new double[variables];
        _partialLength = partialLength;
        // Two sets (even and odd factors) of per-chunk sums: a thread may start the next factor while another still
        // reads this one's.
        _partials = new double[2 * MaxChunks * partialLength];
        _sums = new double[partialLength];
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
    public BeliefPropagationResult Run(BeliefPropagationOptions options, CancellationToken cancellationToken = default) =>
        BeliefPropagationResult.Iterate(options, Sweep, cancellationToken);

    /// <summary>
    /// One update of every factor; returns the largest change of a message u = tanh(g). Each factor update is split
    /// into <see cref="BeliefPropagationOptions.Chunks"/> fixed chunks of variables (fewer for small N) that up to
    /// <see cref="BeliefPropagationOptions.Threads"/> threads share; the result depends on the chunks, never on the
    /// thread count; sweeps of other instances running at the same time get their share of the cores. With
    /// <see cref="BeliefPropagationOptions.Blocks"/> = B &gt; 1 the factors are instead split into
    /// B fixed blocks; each block updates its factors in order (one chunk each) on its own copy of the total fields
    /// taken at the start of the sweep, and the blocks' changes are added afterwards.
    /// </summary>
    public double Sweep(BeliefPropagationOptions options)
    {
        int blocks = Math.Min(options.Blocks, Factors);
        if (blocks <= 1)
        {
            // The exact factor reads every cavity magnetization of the factor: one chunk.
            int chunks = options.Factor == FactorUpdate.Exact ? 1 : ChunkCount(options);
            // Sweeps running at the same time in this process (parallel chains) share the cores instead of each
            // taking all of them: two chains of two threads on two cores are a third slower than two of one.
            int concurrent = Interlocked.Increment(ref _sweepsRunning);
            try
            {
                int threads = Factors == 0 ? 1 : Math.Min(Math.Min(options.Threads, chunks), Math.Max(1, Environment.ProcessorCount / concurrent));
                if (threads > 1) return (_team ??= new ChunkTeam(this)).Sweep(options, chunks, threads);
                return SweepFactors(0, Factors, chunks, options, Total, _cavity, _partials, _sums);
            }
            finally
            {
                Interlocked.Decrement(ref _sweepsRunning);
            }
        }
        EnsureBlockBuffers(blocks);
        var changes = new double[blocks];
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, b =>
        {
            double[] local = _blockTotals![b];
            Total.CopyTo(local, 0);
            int start = (int)((long)Factors * b / blocks), end = (int)((long)Factors * (b + 1) / blocks);
            changes[b] = SweepFactors(start, end, 1, options, local, _blockCavities![b], _blockPartials![b], _blockPartials[b]);
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

    /// <summary>
    /// The Bethe free entropy at the current messages, total over all variables: the log of the (field-weighted)
    /// number of configurations that satisfy every factor, exact on trees.
    /// </summary>
    public abstract double FreeEntropy(BeliefPropagationOptions? options = null);

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
    /// First phase of the update of factor μ over the variables [<paramref name="start"/>, <paramref name="finish"/>):
    /// writes their cavity magnetizations tanh(total − g) to <paramref name="scratch"/> and this range's share of the
    /// factor's cavity statistics to <paramref name="share"/> (every element, zero where the range has none).
    /// </summary>
    protected abstract void Accumulate(int mu, int start, int finish, double[] total, double[] scratch, Span<double> share);

    /// <summary>
    /// Second phase: from the factor's cavity statistics <paramref name="sums"/> (the shares of all chunks, added in
    /// chunk order) and the cavity magnetizations in <paramref name="scratch"/>, computes the fresh messages of the
    /// variables [<paramref name="start"/>, <paramref name="finish"/>) and stores them with <see cref="Store"/>;
    /// <paramref name="scratch"/> of this range may be overwritten. Returns the largest change of u.
    /// </summary>
    protected abstract double Emit(int mu, int start, int finish, ReadOnlySpan<double> sums, BeliefPropagationOptions options, double[] total, double[] scratch);

    // The vector loops here and in the derived classes are compiled fully optimised at once: unoptimised (tier-0)
    // code runs them several times slower, and a single fBP run spent its first second there.

    /// <summary>
    /// Damps, caps and stores the fresh messages g_{μ→s} = <paramref name="fresh"/>[s] for s in
    /// [<paramref name="start"/>, <paramref name="end"/>), keeping H consistent; returns the largest |Δu|.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected double Store(int mu, int start, int end, double[] fresh, double damping, double[] total)
    {
        int length = end - start;
        Span<double> g = Messages.AsSpan(mu * N + start, length), u = _u.AsSpan(mu * N + start, length);
        Span<double> h = total.AsSpan(start, length);
        ReadOnlySpan<double> f = fresh.AsSpan(start, length);
        double keep = damping, take = 1 - damping;
        int j = 0;
        double change = 0;
        if (Vector512.IsHardwareAccelerated && length >= Vector512<double>.Count)
        {
            ref double gr = ref MemoryMarshal.GetReference(g), ur = ref MemoryMarshal.GetReference(u);
            ref double hr = ref MemoryMarshal.GetReference(h);
            ref double fr = ref MemoryMarshal.GetReference(f);
            Vector512<double> largest = Vector512<double>.Zero;
            for (; j + Vector512<double>.Count <= length; j += Vector512<double>.Count)
            {
                Vector512<double> old = Vector512.LoadUnsafe(ref gr, (nuint)j);
                Vector512<double> next = Vector512.FusedMultiplyAdd(Vector512.Create(keep), old, Vector512.Create(take) * Vector512.LoadUnsafe(ref fr, (nuint)j));
                next = Vector512.Min(Vector512.Max(next, Vector512.Create(-MaxField)), Vector512.Create(MaxField));
                Vector512<double> un = VectorMath.Tanh(next);
                largest = Vector512.Max(largest, Vector512.Abs(un - Vector512.LoadUnsafe(ref ur, (nuint)j)));
                un.StoreUnsafe(ref ur, (nuint)j);
                (Vector512.LoadUnsafe(ref hr, (nuint)j) + (next - old)).StoreUnsafe(ref hr, (nuint)j);
                next.StoreUnsafe(ref gr, (nuint)j);
            }
            change = MaxOfLanes(largest);
        }
        for (; j < length; j++)
        {
            double old = g[j];
            double next = Math.Clamp(Math.FusedMultiplyAdd(keep, old, take * f[j]), -MaxField, MaxField);
            double un = VectorMath.Tanh(next);
            change = Math.Max(change, Math.Abs(un - u[j]));
            u[j] = un;
            h[j] += next - old;
            g[j] = next;
        }
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

    /// <inheritdoc />
    public void Checkpoint() => _checkpoint = Save(_checkpoint);

    /// <inheritdoc />
    public void Rollback() => Restore(_checkpoint ?? throw new InvalidOperationException("no checkpoint to roll back to"));

    /// <summary>A saved copy of the messages and fields, for trial moves that may be undone.</summary>
    internal sealed class Snapshot(long messages, int variables)
    {
        public double[] Messages { get; } = new double[messages];

        public double[] U { get; } = new double[messages];

        public double[] Total { get; } = new double[variables];

        public double[] External { get; } = new double[variables];
    }

    /// <summary>
    /// Cavity magnetizations m = tanh(total − messages) of a range of one factor's variables into
    /// <paramref name="magnetizations"/>, with their signed sum Σ x m and variance sum Σ (1 − m²).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected static void CavityMoments(ReadOnlySpan<double> total, ReadOnlySpan<double> messages, ReadOnlySpan<double> signs,
                                        Span<double> magnetizations, out double mean, out double variance)
    {
        int length = total.Length, j = 0;
        mean = 0;
        variance = 0;
        if (Vector512.IsHardwareAccelerated && length >= Vector512<double>.Count)
        {
            ref double hr = ref MemoryMarshal.GetReference(total), gr = ref MemoryMarshal.GetReference(messages);
            ref double xr = ref MemoryMarshal.GetReference(signs), mr = ref MemoryMarshal.GetReference(magnetizations);
            Vector512<double> meanLanes = Vector512<double>.Zero, varianceLanes = Vector512<double>.Zero;
            for (; j + Vector512<double>.Count <= length; j += Vector512<double>.Count)
            {
                Vector512<double> m = VectorMath.Tanh(Vector512.LoadUnsafe(ref hr, (nuint)j) - Vector512.LoadUnsafe(ref gr, (nuint)j));
                m.StoreUnsafe(ref mr, (nuint)j);
                meanLanes = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)j), m, meanLanes);
                varianceLanes += Vector512.FusedMultiplyAdd(-m, m, Vector512<double>.One);
            }
            mean = Vector512.Sum(meanLanes);
            variance = Vector512.Sum(varianceLanes);
        }
        for (; j < length; j++)
        {
            double m = VectorMath.Tanh(total[j] - messages[j]);
            magnetizations[j] = m;
            mean = Math.FusedMultiplyAdd(signs[j], m, mean);
            variance += Math.FusedMultiplyAdd(-m, m, 1);
        }
    }

    /// <summary>The largest lane, NaN if any lane is NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double MaxOfLanes(Vector512<double> v)
    {
        double max = v[0];
        for (int i = 1; i < Vector512<double>.Count; i++) max = Math.Max(max, v[i]);
        return max;
    }

    /// <summary>Most chunks a factor update may be split into: one per <see cref="MinChunkVariables"/> variables.</summary>
    private int MaxChunks => Math.Clamp(N / MinChunkVariables, 1, BeliefPropagationOptions.MaxChunks);

    private int ChunkCount(BeliefPropagationOptions options) => Math.Clamp(options.Chunks, 1, MaxChunks);

    /// <summary>First variable of chunk <paramref name="c"/> of <paramref name="chunks"/> (N for c = chunks).</summary>
    private int ChunkStart(int c, int chunks) => c == chunks ? N : (int)((long)N * c / chunks) & ~(ChunkAlignment - 1);

    /// <summary>Updates factors [start, end) in order, every chunk on the calling thread; returns the largest |Δu|.</summary>
    private double SweepFactors(int start, int end, int chunks, BeliefPropagationOptions options, double[] total, double[] scratch, double[] partials, double[] sums)
    {
        double change = 0;
        for (int mu = start; mu < end; mu++)
        {
            for (int c = 0; c < chunks; c++)
            {
                Accumulate(mu, ChunkStart(c, chunks), ChunkStart(c + 1, chunks), total, scratch, partials.AsSpan(c * _partialLength, _partialLength));
            }
            CombinePartials(partials, chunks, sums);
            for (int c = 0; c < chunks; c++)
            {
                change = Math.Max(change, Emit(mu, ChunkStart(c, chunks), ChunkStart(c + 1, chunks), sums, options, total, scratch));
            }
        }
        return change;
    }

    /// <summary>sums = Σ_c partials of chunk c, added in chunk order whatever thread asks.</summary>
    private void CombinePartials(ReadOnlySpan<double> partials, int chunks, Span<double> sums)
    {
        partials[.._partialLength].CopyTo(sums);
        for (int c = 1; c < chunks; c++)
        {
            ReadOnlySpan<double> share = partials.Slice(c * _partialLength, _partialLength);
            for (int i = 0; i < _partialLength; i++) sums[i] += share[i];
        }
    }

    private void EnsureBlockBuffers(int blocks)
    {
        if (_blockTotals is { Length: var have } && have >= blocks) return;
        _blockTotals = [.. Enumerable.Range(0, blocks).Select(_ => new double[N])];
        _blockCavities = [.. Enumerable.Range(0, blocks).Select(_ => new double[N])];
        _blockPartials = [.. Enumerable.Range(0, blocks).Select(_ => new double[_partialLength])];
    }

    /// <summary>
    /// The threads of a chunked sweep. The calling thread plays role 0 and thread-pool helpers the others; each role
    /// owns a fixed range of chunks for the whole sweep. Per factor every role accumulates its chunks' statistics into
    /// that factor's set of partials, publishes how many factors it has accumulated, waits until every role has, adds
    /// the partials in chunk order and emits its own chunks' messages. A role reads and writes only its own chunks'
    /// variables, so this one meeting per factor is all the synchronisation a sweep needs. Waiting spins briefly and
    /// then yields the core. A helper that has not started after <see cref="StealAfter"/> has its role played by the
    /// calling thread instead, so a busy thread pool costs parallelism, never progress. When another process holds a
    /// core, a descheduled helper stalls every factor; a sweep in which the calling thread spent over a quarter of its
    /// time waiting is followed by 1, 2, 4, … up to <see cref="MaxSoloSweeps"/> sweeps on the calling thread alone
    /// (same numbers, no meetings) before two threads are tried again.
    /// </summary>
    private sealed class ChunkTeam(BeliefPropagation bp) : IThreadPoolWorkItem
    {
        private const int Taken = 0, Open = 1;
        // 128 bytes between the progress counters of two roles, so that publishing one does not stall the others.
        private const int Stride = 16;
        private const int SpinsBeforeYield = 1000;
        private const int MaxSoloSweeps = 64;
        private static readonly long StealAfter = Stopwatch.Frequency / 1000;

        private readonly int[] _claims = new int[bp.MaxChunks];
        private readonly long[] _progress = new long[bp.MaxChunks * Stride];
        private readonly double[] _changes = new double[bp.MaxChunks];
        private readonly double[][] _sums = [.. Enumerable.Range(0, bp.MaxChunks).Select(_ => new double[bp._partialLength])];
        private BeliefPropagationOptions _options = null!;
        private int _chunks, _threads;
        private long _started;
        private long _waited;
        private int _backoff;
        private int _soloSweeps;
        private Exception? _fault;

        public double Sweep(BeliefPropagationOptions options, int chunks, int threads)
        {
            if (_soloSweeps > 0)
            {
                _soloSweeps--;
                return bp.SweepFactors(0, bp.Factors, chunks, options, bp.Total, bp._cavity, bp._partials, bp._sums);
            }
            double change = Together(options, chunks, threads);
            if (_waited * 4 > Stopwatch.GetTimestamp() - _started)
            {
                _backoff = Math.Min(Math.Max(1, 2 * _backoff), MaxSoloSweeps);
                _soloSweeps = _backoff;
            }
            else
            {
                _backoff = 0;
            }
            return change;
        }

        private double Together(BeliefPropagationOptions options, int chunks, int threads)
        {
            _options = options;
            _chunks = chunks;
            _threads = threads;
            _fault = null;
            _waited = 0;
            _started = Stopwatch.GetTimestamp();
            for (int r = 0; r < threads; r++) Volatile.Write(ref _progress[r * Stride], 0);
            // Opening the roles last publishes the settings above to whichever helper claims one.
            for (int r = 1; r < threads; r++) Volatile.Write(ref _claims[r], Open);
            for (int r = 1; r < threads; r++) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            ulong roles = 1;
            double change = 0;
            try
            {
                change = Work(ref roles, main: true);
            }
            catch
            {
                // Let every other role run through without waiting for ours, and keep unstarted helpers out.
                for (int r = 0; r < threads; r++)
                {
                    if ((roles & (1UL << r)) != 0 || Interlocked.CompareExchange(ref _claims[r], Taken, Open) == Open)
                    {
                        Volatile.Write(ref _progress[r * Stride], long.MaxValue);
                    }
                }
                throw;
            }
            finally
            {
                // Helpers touch the messages until they publish their last factor: wait for them either way.
                for (int r = 1; r < threads; r++)
                {
                    if ((roles & (1UL << r)) != 0) continue;
                    _waited += WaitFor(r, bp.Factors + 1L);
                    change = Math.Max(change, _changes[r]);
                }
            }
            if (_fault is { } fault) ExceptionDispatchInfo.Throw(fault);
            return change;
        }

        public void Execute()
        {
            int role = 1;
            while (role < _threads && Interlocked.CompareExchange(ref _claims[role], Taken, Open) != Open) role++;
            if (role >= _threads) return;
            ulong roles = 1UL << role;
            try
            {
                _changes[role] = Work(ref roles, main: false);
                Volatile.Write(ref _progress[role * Stride], bp.Factors + 1L);
            }
            catch (Exception e)
            {
                _fault = e;
                Volatile.Write(ref _progress[role * Stride], long.MaxValue);
            }
        }

        private double Work(ref ulong roles, bool main)
        {
            int chunks = _chunks, length = bp._partialLength;
            double[] sums = _sums[BitOperations.TrailingZeroCount(roles)];
            double change = 0;
            for (int mu = 0; mu < bp.Factors; mu++)
            {
                Span<double> partials = bp._partials.AsSpan((mu & 1) * bp.MaxChunks * length, chunks * length);
                for (int r = 0; r < _threads; r++)
                {
                    if ((roles & (1UL << r)) != 0) AccumulateRole(mu, r, partials);
                }
                if (main && mu == 0) roles |= TakeOverIdleRoles(partials);
                for (int r = 0; r < _threads; r++)
                {
                    if ((roles & (1UL << r)) != 0) continue;
                    long waited = WaitFor(r, mu + 1);
                    if (main) _waited += waited;
                }
                bp.CombinePartials(partials, chunks, sums);
                for (int r = 0; r < _threads; r++)
                {
                    if ((roles & (1UL << r)) == 0) continue;
                    for (int c = FirstChunk(r); c < FirstChunk(r + 1); c++)
                    {
                        change = Math.Max(change, bp.Emit(mu, bp.ChunkStart(c, chunks), bp.ChunkStart(c + 1, chunks), sums, _options, bp.Total, bp._cavity));
                    }
                }
            }
            return change;
        }

        private void AccumulateRole(int mu, int role, Span<double> partials)
        {
            int length = bp._partialLength;
            for (int c = FirstChunk(role); c < FirstChunk(role + 1); c++)
            {
                bp.Accumulate(mu, bp.ChunkStart(c, _chunks), bp.ChunkStart(c + 1, _chunks), bp.Total, bp._cavity, partials.Slice(c * length, length));
            }
            Volatile.Write(ref _progress[role * Stride], mu + 1);
        }

        /// <summary>At the first factor: plays every role whose helper has not started in time; returns those roles.</summary>
        private ulong TakeOverIdleRoles(Span<double> partials)
        {
            ulong taken = 0;
            for (int r = 1; r < _threads; r++)
            {
                for (int spins = 0; Volatile.Read(ref _claims[r]) == Open && Stopwatch.GetTimestamp() - _started < StealAfter; spins++)
                {
                    if (spins < SpinsBeforeYield) Thread.SpinWait(1);
                    else Thread.Yield();
                }
                if (Interlocked.CompareExchange(ref _claims[r], Taken, Open) != Open) continue;
                taken |= 1UL << r;
                AccumulateRole(0, r, partials);
            }
            return taken;
        }

        /// <summary>Waits until <paramref name="role"/> has published <paramref name="factors"/>; returns the ticks waited.</summary>
        private long WaitFor(int role, long factors)
        {
            if (Volatile.Read(ref _progress[role * Stride]) >= factors) return 0;
            long begin = Stopwatch.GetTimestamp();
            for (int spins = 0; Volatile.Read(ref _progress[role * Stride]) < factors; spins++)
            {
                if (spins < SpinsBeforeYield) Thread.SpinWait(1);
                else Thread.Yield();
            }
            return Stopwatch.GetTimestamp() - begin;
        }

        private int FirstChunk(int role) => (int)((long)_chunks * role / _threads);
    }
}
