using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>
/// The per-gradient-evaluation weight updates as single fused passes over the tensors' memory: one read and one write
/// of each operand instead of a LibTorch call per term (with a temporary for some), and the Langevin noise drawn in
/// the same pass by <see cref="CounterNormal"/>. Tensors are split into fixed chunks shared among LibTorch's thread
/// count; every element's result depends on its own operands only, so the split never changes the numbers. Each
/// kernel has a plain scalar twin, the definition the tests compare it with and the benchmarks' baseline.
/// </summary>
internal static unsafe class UpdateKernels
{
    // A multiple of the noise's block (CounterNormal.Block).
    private const int Chunk = 1 << 15;

    /// <summary>
    /// One Langevin step of Entropy-SGD's inner loop on one tensor: x' ← (1 − ηγ)x' + ηγ·x − η·∇ + σ·z with z the
    /// normals of <paramref name="noiseKey"/>, then μ ← (1 − α)μ + α·x'.
    /// </summary>
    public static void Langevin(Tensor weights, Tensor anchor, Tensor gradient, Tensor mean,
                                float eta, float gamma, float sigma, float averaging, ulong noiseKey)
    {
        var k = new LangevinStep(Pointer(weights), Pointer(anchor), Pointer(gradient), Pointer(mean), eta, gamma, sigma, averaging, noiseKey);
        ForChunks(Count(weights, anchor, gradient, mean), k);
    }

    /// <summary>
    /// One momentum-SGD update of one tensor along d = ∇ + κ(w − c) (κ = 0: no pull; <paramref name="target"/> may
    /// then be null): buf ← m·buf + d, w ← w − η·(Nesterov ? d + m·buf : buf); without momentum w ← w − η·d.
    /// </summary>
    public static void Momentum(Tensor weights, Tensor direction, Tensor? buffer, Tensor? target,
                                float learningRate, float momentum, bool nesterov, float pull)
    {
        if (pull != 0 && target is null) throw new ArgumentNullException(nameof(target), "a pull needs a target");
        if (momentum > 0 && buffer is null) throw new ArgumentNullException(nameof(buffer), "momentum needs a buffer");
        var k = new MomentumStep(Pointer(weights), Pointer(direction), buffer is null ? null : Pointer(buffer),
                                 pull == 0 ? null : Pointer(target!), learningRate, momentum > 0 ? momentum : 0, nesterov, pull);
        ForChunks(Count(weights, direction, buffer ?? weights, target ?? weights), k);
    }

    /// <summary>
    /// The replicas' centre in one pass: mean ← (Σₐ sourcesₐ) / y, summed in replica order. LibTorch needs a copy,
    /// y − 1 additions and a division, each a pass over the tensor.
    /// </summary>
    public static void Mean(Tensor mean, IReadOnlyList<Tensor> sources)
    {
        if (sources.Count == 0) throw new ArgumentException("the mean of no tensors is undefined", nameof(sources));
        int count = Count(mean, [.. sources]);
        float** pointers = stackalloc float*[sources.Count];
        for (int a = 0; a < sources.Count; a++) pointers[a] = Pointer(sources[a]);
        ForChunks(count, new MeanStep(Pointer(mean), pointers, sources.Count));
    }

    /// <summary>The scalar definition of <see cref="Mean"/>.</summary>
    public static void MeanScalar(Span<float> mean, IReadOnlyList<float[]> sources, int first = 0)
    {
        for (int i = 0; i < mean.Length; i++)
        {
            float sum = 0;
            foreach (float[] source in sources) sum += source[first + i];
            mean[i] = sum / sources.Count;
        }
    }

    /// <summary>
    /// The scalar definition of <see cref="Langevin"/> over spans whose first element is element
    /// <paramref name="first"/> of the tensor (which numbers the noise).
    /// </summary>
    public static void LangevinScalar(Span<float> weights, ReadOnlySpan<float> anchor, ReadOnlySpan<float> gradient, Span<float> mean,
                                      float eta, float gamma, float sigma, float averaging, ulong noiseKey, int first = 0)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            float noise = sigma != 0 ? sigma * CounterNormal.At(noiseKey, first + i) : 0;
            float x = (1 - eta * gamma) * weights[i] + eta * gamma * anchor[i] - eta * gradient[i] + noise;
            weights[i] = x;
            mean[i] = (1 - averaging) * mean[i] + averaging * x;
        }
    }

    /// <summary>The scalar definition of <see cref="Momentum"/> over spans (empty buffer or target: none).</summary>
    public static void MomentumScalar(Span<float> weights, ReadOnlySpan<float> direction, Span<float> buffer, ReadOnlySpan<float> target,
                                      float learningRate, float momentum, bool nesterov, float pull)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            float d = direction[i] + (pull != 0 ? pull * (weights[i] - target[i]) : 0);
            if (momentum > 0)
            {
                float b = buffer[i] = momentum * buffer[i] + d;
                weights[i] -= learningRate * (nesterov ? d + momentum * b : b);
            }
            else
            {
                weights[i] -= learningRate * d;
            }
        }
    }

    /// <summary>The first element of a contiguous float32 CPU tensor, whose memory LibTorch owns and does not move.</summary>
    private static float* Pointer(Tensor t)
    {
        if (t.dtype != ScalarType.Float32 || t.device_type != DeviceType.CPU || !t.is_contiguous())
            throw new ArgumentException($"fused updates need contiguous float32 CPU tensors, not {t.dtype} on {t.device_type}");
        return (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));
    }

    private static int Count(Tensor first, params ReadOnlySpan<Tensor> others)
    {
        long n = first.numel();
        foreach (Tensor t in others)
        {
            if (t.numel() != n) throw new ArgumentException($"tensors of {n} and {t.numel()} elements cannot be updated together");
        }
        return checked((int)n);
    }

    private interface IChunkKernel
    {
        void Run(int start, int end);
    }

    private static void ForChunks<TKernel>(int count, TKernel kernel) where TKernel : IChunkKernel
    {
        int chunks = (count + Chunk - 1) / Chunk;
        int threads = Math.Min(chunks, get_num_threads());
        if (threads <= 1)
        {
            kernel.Run(0, count);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads },
                     c => kernel.Run(c * Chunk, Math.Min(count, (c + 1) * Chunk)));
    }

    private readonly struct LangevinStep(float* w, float* anchor, float* g, float* mean, float eta, float gamma, float sigma, float averaging, ulong key)
        : IChunkKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Step(int i, Vector512<float> noise)
        {
            float keep = 1 - eta * gamma, pull = eta * gamma;
            // Every load before the first store: tensors of equal size start at equal offsets within a page, and a
            // load behind a store to the same offset of another tensor would wait for it (4 K aliasing).
            Vector512<float> m = Vector512.Load(mean + i);
            Vector512<float> drift = Vector512.Load(w + i) * keep + Vector512.Load(anchor + i) * pull - Vector512.Load(g + i) * eta;
            Vector512<float> x = Vector512.FusedMultiplyAdd(noise, Vector512.Create(sigma), drift);
            x.Store(w + i);
            (m * (1 - averaging) + x * averaging).Store(mean + i);
        }

        public void Run(int start, int end)
        {
            // Chunks start at multiples of the noise's block, so each iteration is one block.
            int i = start;
            for (; i + CounterNormal.Block <= end; i += CounterNormal.Block)
            {
                Vector512<float> cosines = default, sines = default;
                if (sigma != 0) CounterNormal.Next(key, i, out cosines, out sines);
                Step(i, cosines);
                Step(i + CounterNormal.Block / 2, sines);
            }
            int tail = end - i;
            LangevinScalar(new(w + i, tail), new(anchor + i, tail), new(g + i, tail), new(mean + i, tail), eta, gamma, sigma, averaging, key, i);
        }
    }

    private readonly struct MeanStep(float* mean, float** sources, int count) : IChunkKernel
    {
        public void Run(int start, int end)
        {
            int i = start;
            for (; i + Vector512<float>.Count <= end; i += Vector512<float>.Count)
            {
                Vector512<float> sum = Vector512.Load(sources[0] + i);
                for (int a = 1; a < count; a++) sum += Vector512.Load(sources[a] + i);
                (sum / count).Store(mean + i);
            }
            for (; i < end; i++)
            {
                float sum = 0;
                for (int a = 0; a < count; a++) sum += sources[a][i];
                mean[i] = sum / count;
            }
        }
    }

    private readonly struct MomentumStep(float* w, float* d, float* buffer, float* target, float rate, float momentum, bool nesterov, float pull)
        : IChunkKernel
    {
        public void Run(int start, int end)
        {
            int i = start;
            for (; i + Vector256<float>.Count <= end; i += Vector256<float>.Count)
            {
                Vector256<float> wi = Vector256.Load(w + i), di = Vector256.Load(d + i);
                if (target != null) di += (wi - Vector256.Load(target + i)) * pull;
                Vector256<float> step = di;
                if (buffer != null)
                {
                    Vector256<float> b = Vector256.Load(buffer + i) * momentum + di;
                    b.Store(buffer + i);
                    step = nesterov ? di + b * momentum : b;
                }
                (wi - step * rate).Store(w + i);
            }
            int tail = end - i;
            MomentumScalar(new(w + i, tail), new(d + i, tail), buffer == null ? [] : new(buffer + i, tail), target == null ? [] : new(target + i, tail),
                           rate, momentum, nesterov, target == null ? 0 : pull);
        }
    }
}
