using LocalEntropy.Deep.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>Whole-network operations on lists of parameter tensors, and BatchNorm statistics.</summary>
internal static class Weights
{
    /// <summary>The trainable parameters of <paramref name="model"/>, in a fixed order.</summary>
    public static Parameter[] Of(nn.Module model) => [.. model.parameters()];

    /// <summary>Detached copies of <paramref name="tensors"/> (state that outlives a step).</summary>
    public static Tensor[] Clone(IEnumerable<Tensor> tensors) => [.. tensors.Select(t => t.detach().clone())];

    /// <summary>Zero tensors shaped like <paramref name="tensors"/>.</summary>
    public static Tensor[] ZerosLike(IEnumerable<Tensor> tensors) => [.. tensors.Select(t => zeros_like(t))];

    /// <summary>target ← source, element-wise over the lists, outside autograd.</summary>
    public static void Copy(IReadOnlyList<Tensor> target, IReadOnlyList<Tensor> source)
    {
        using var _ = no_grad();
        for (int i = 0; i < target.Count; i++) target[i].copy_(source[i]);
    }

    /// <summary>mean ← the element-wise mean of the networks' parameters, outside autograd.</summary>
    public static void Mean(IReadOnlyList<Tensor> mean, IReadOnlyList<IReadOnlyList<Tensor>> networks)
    {
        for (int i = 0; i < mean.Count; i++) UpdateKernels.Mean(mean[i], [.. networks.Select(n => n[i])]);
    }

    /// <summary>Copies parameters and buffers (BatchNorm statistics) of <paramref name="source"/> into <paramref name="target"/>.</summary>
    public static void CopyNetwork(nn.Module target, nn.Module source)
    {
        Copy(Of(target), Of(source));
        Copy([.. target.buffers()], [.. source.buffers()]);
    }

    /// <summary>Writes every tensor of the list.</summary>
    public static void Save(BinaryWriter writer, IEnumerable<Tensor> tensors)
    {
        foreach (Tensor t in tensors) t.Save(writer);
    }

    /// <summary>Reads tensors written by <see cref="Save"/> into the list, in place (shapes must match).</summary>
    public static void Load(BinaryReader reader, IEnumerable<Tensor> tensors)
    {
        using var _ = no_grad();
        foreach (Tensor t in tensors) TensorExtensionMethods.Load(t, reader);
    }

    /// <summary>
    /// Recomputes the BatchNorm running statistics of <paramref name="model"/> as exact averages over
    /// <paramref name="data"/> (in batches of 1000, train mode): what a network whose weights were averaged, not
    /// trained, needs before it can be evaluated.
    /// </summary>
    public static void RecomputeBatchNorm(nn.Module<Tensor, Tensor> model, Dataset data)
    {
        NormBase[] norms = [.. model.modules().OfType<NormBase>()];
        if (norms.Length == 0) return;
        using var _ = no_grad();
        bool training = model.training;
        model.train();
        double? momentum = norms[0].momentum;
        foreach (NormBase n in norms) n.reset_running_stats();
        int batches = 0;
        for (int start = 0; start < data.Count; start += 1000)
        {
            using var scope = NewDisposeScope();
            // Momentum 1/k after k batches makes the running statistics the plain mean over batches.
            batches++;
            foreach (NormBase n in norms) n.momentum = 1.0 / batches;
            model.forward(data.Slice(start, Math.Min(1000, data.Count - start)).Images);
        }
        foreach (NormBase n in norms) n.momentum = momentum;
        model.train(training);
    }
}
