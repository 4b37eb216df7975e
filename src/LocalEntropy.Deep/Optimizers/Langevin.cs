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
        double eta = options.LearningRate, noise = Math.Sqrt(eta) * options.Noise, total = 0;
        for (int l = 0; l < options.Steps; l++)
        {
            total += gradient();
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            for (int i = 0; i < weights.Count; i++)
            {
                // x' ← x' − η'(∇f(x') + γ(x' − x)), written in place.
                Tensor w = weights[i].mul_(1 - eta * gamma).add_(anchor[i], alpha: eta * gamma).add_(weights[i].grad!, alpha: -eta);
                if (noise > 0) w.add_(randn_like(w), alpha: noise);
                mean[i].mul_(1 - options.Averaging).add_(w, alpha: options.Averaging);
            }
        }
        Weights.Copy(weights, anchor);
        return total / options.Steps;
    }

    /// <summary>The outer gradient x − μ (new tensors of the caller's dispose scope).</summary>
    public static Tensor[] OuterGradient(IReadOnlyList<Tensor> weights, Tensor[] mean)
    {
        using var _ = no_grad();
        return [.. mean.Select((m, i) => weights[i] - m)];
    }
}
