using LocalEntropy.Numerics;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Optimizers;

/// <summary>Settings of the inner Langevin loop of <see cref="EntropySgd"/> and <see cref="Parle"/>.</summary>
public sealed record LangevinOptions
{
    /// <summary>Langevin steps L per outer step (each one gradient evaluation).</summary>
    public int Steps { get; init; } = 20;

    /// <summary>Inner step size η'.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Thermal noise ε: each inner step adds √η'·ε·N(0, I).</summary>
    public double Noise { get; init; } = 1e-4;

    /// <summary>Weight α of the newest iterate in the running average μ ← (1 − α)μ + αx'.</summary>
    public double Averaging { get; init; } = 0.75;

    /// <summary>Initial scope γ₀ of the coupling γ(x' − x) to the outer weights.</summary>
    public double Gamma { get; init; } = 1e-4;

    /// <summary>Scoping rate γ₁: after t outer steps γ = γ₀(1 + γ₁)^t.</summary>
    public double Scoping { get; init; } = 1e-3;

    /// <summary>The scope γ after <paramref name="outerSteps"/> outer steps.</summary>
    public double GammaAt(long outerSteps) => Gamma * Math.Pow(1 + Scoping, outerSteps);

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "needs at least one Langevin step");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive");
        if (!(Noise >= 0)) throw new ArgumentOutOfRangeException(nameof(Noise), Noise, "must be non-negative");
        if (!(Averaging > 0 && Averaging <= 1)) throw new ArgumentOutOfRangeException(nameof(Averaging), Averaging, "must be in (0, 1]");
        if (!(Gamma >= 0) || !double.IsFinite(Gamma)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "must be non-negative");
        if (!(Scoping >= 0)) throw new ArgumentOutOfRangeException(nameof(Scoping), Scoping, "must be non-negative");
    }
}

/// <summary>
/// The inner loop of Entropy-SGD (Chaudhari et al. 2017): from the outer weights x, L steps of stochastic gradient
/// Langevin dynamics on x' with the coupling γ(x' − x), keeping the running average μ of x'. μ estimates the mean of
/// the local Gibbs measure around x, so x − μ is the gradient of the negative local entropy (up to γ).
/// </summary>
internal static class Langevin
{
    /// <summary>
    /// Runs the loop on <paramref name="weights"/> (x on entry and on exit); <paramref name="anchor"/> receives x and
    /// <paramref name="mean"/> μ. <paramref name="gradient"/> fills the weights' gradients at x' on a fresh batch and
    /// returns the loss. Returns the mean loss.
    /// </summary>
    public static double Run(IReadOnlyList<TorchSharp.Modules.Parameter> weights, Tensor[] anchor, Tensor[] mean, double gamma,
                             LangevinOptions options, Func<double> gradient)
    {
        Weights.Copy(anchor, weights);
        Weights.Copy(mean, weights);
        // One draw from torch's generator keys all the noise of this loop, so a checkpoint of that generator covers it.
        var keys = new Rng(NoiseSeed());
        float eta = (float)options.LearningRate, sigma = (float)(Math.Sqrt(options.LearningRate) * options.Noise);
        double total = 0;
        for (int l = 0; l < options.Steps; l++)
        {
            total += gradient();
            for (int i = 0; i < weights.Count; i++)
            {
                UpdateKernels.Langevin(weights[i], anchor[i], weights[i].grad!, mean[i], eta, (float)gamma, sigma, (float)options.Averaging, keys.NextULong());
            }
        }
        Weights.Copy(weights, anchor);
        return total / options.Steps;
    }

    private static ulong NoiseSeed()
    {
        using Tensor seed = randint(long.MaxValue, [1], ScalarType.Int64);
        return (ulong)seed.item<long>();
    }

    /// <summary>The outer gradient x − μ (new tensors of the caller's dispose scope).</summary>
    public static Tensor[] OuterGradient(IReadOnlyList<Tensor> weights, Tensor[] mean)
    {
        using var _ = no_grad();
        return [.. mean.Select((m, i) => weights[i] - m)];
    }
}
