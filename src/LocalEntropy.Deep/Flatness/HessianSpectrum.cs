using LocalEntropy.Deep.Data;
using LocalEntropy.Deep.Optimizers;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Flatness;

/// <summary>The largest Hessian eigenvalue found by power iteration, with the iterations it took.</summary>
public sealed record TopEigenvalue(double Value, int Iterations, bool Converged);

/// <summary>
/// The top eigenvalue of the Hessian of the training loss (sharp minima have a large one), by power iteration on
/// Hessian-vector products: Hv = ∇(∇L·v), a second backward pass through the graph of the first gradient, so the
/// Hessian itself is never formed. Over the trainable parameters, in evaluation mode, with the loss on the given
/// images in one batch.
/// </summary>
public static class HessianSpectrum
{
    /// <summary>Iterates until the estimate changes by less than <paramref name="tolerance"/> (relative) or <paramref name="maxIterations"/> are done.</summary>
    public static TopEigenvalue Top(nn.Module<Tensor, Tensor> network, Dataset data, ulong seed, int maxIterations = 50, double tolerance = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        bool training = network.training;
        network.eval();
        using var scope = NewDisposeScope();
        Tensor[] weights = [.. Weights.Of(network).Where(w => w.requires_grad)];
        (Tensor images, Tensor labels) = data.Slice(0, data.Count);
        Tensor loss = nn.functional.cross_entropy(network.forward(images), labels);
        IList<Tensor> gradient = autograd.grad([loss], [.. weights], retain_graph: true, create_graph: true);
        using var generator = new Generator(seed);
        Tensor[] v = Normalised([.. weights.Select(w => randn(w.shape, generator: generator))]);
        double value = double.NaN;
        for (int k = 1; k <= maxIterations; k++)
        {
            using var step = NewDisposeScope();
            IList<Tensor> hv = autograd.grad([.. gradient], [.. weights], [.. v], retain_graph: true);
            double next = v.Zip(hv, (a, b) => (a * b).sum().item<float>()).Sum(x => (double)x);
            Tensor[] direction = Normalised([.. hv.Select(t => t.detach())]);
            for (int i = 0; i < v.Length; i++) v[i].copy_(direction[i]);
            bool converged = Math.Abs(next - value) <= tolerance * Math.Abs(next);
            value = next;
            if (converged)
            {
                network.train(training);
                return new TopEigenvalue(value, k, true);
            }
        }
        network.train(training);
        return new TopEigenvalue(value, maxIterations, false);
    }

    private static Tensor[] Normalised(Tensor[] vector)
    {
        double norm = Math.Sqrt(vector.Sum(t => (double)t.square().sum().item<float>()));
        return [.. vector.Select(t => t.div(norm))];
    }
}
