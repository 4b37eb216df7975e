using LocalEntropy.Deep.Data;
using LocalEntropy.Deep.Optimizers;
using LocalEntropy.Deep.Training;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Flatness;

/// <summary>
/// The local energy at one perturbation size: how much the training loss and error grow, averaged over samples, when
/// every weight is multiplied by 1 + σz with z ~ N(0, 1).
/// </summary>
public sealed record LocalEnergyPoint(double Sigma, double MeanLossIncrease, double StdLossIncrease, double MeanErrorIncrease);

/// <summary>
/// Local energy δE(σ) = E_z[L(w + σ z⊙w)] − L(w) (a continuous-weight robustness curve): flat minima keep it small.
/// The perturbation is relative to each weight, so it does not change under the rescalings a ReLU network is
/// invariant to. Measured in evaluation mode (running BatchNorm statistics, no dropout).
/// </summary>
public static class LocalEnergy
{
    /// <summary>δE at each σ, over <paramref name="samples"/> perturbations drawn from a generator seeded with <paramref name="seed"/>.</summary>
    public static IReadOnlyList<LocalEnergyPoint> Measure(nn.Module<Tensor, Tensor> network, Dataset data, IReadOnlyList<double> sigmas, int samples, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(sigmas);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var weights = Weights.Of(network);
        Tensor[] original = Weights.Clone(weights);
        LossAndError baseline = Evaluation.Measure(network, data);
        using var generator = new Generator(seed);
        var points = new List<LocalEnergyPoint>(sigmas.Count);
        try
        {
            foreach (double sigma in sigmas)
            {
                var loss = new double[samples];
                var error = new double[samples];
                for (int s = 0; s < samples; s++)
                {
                    using (var scope = NewDisposeScope())
                    using (no_grad())
                    {
                        for (int i = 0; i < weights.Length; i++)
                            weights[i].copy_(original[i]).addcmul_(original[i], randn(original[i].shape, generator: generator), sigma);
                    }
                    LossAndError perturbed = Evaluation.Measure(network, data);
                    loss[s] = perturbed.Loss - baseline.Loss;
                    error[s] = perturbed.Error - baseline.Error;
                }
                double mean = loss.Average();
                double std = samples > 1 ? Math.Sqrt(loss.Sum(x => (x - mean) * (x - mean)) / (samples - 1)) : 0;
                points.Add(new LocalEnergyPoint(sigma, mean, std, error.Average()));
            }
        }
        finally
        {
            Weights.Copy(weights, original);
            foreach (Tensor t in original) t.Dispose();
        }
        return points;
    }
}
