using LocalEntropy.Deep.Data;
using LocalEntropy.Deep.Optimizers;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Training;

/// <summary>The optimizers `lent train` knows, built from a run's settings with their documented defaults.</summary>
public static class OptimizerCatalog
{
    /// <summary>Command-line names.</summary>
    public static readonly IReadOnlyList<string> Names = ["sgd", "adam", "sam", "asam", "swa", "entropy-sgd", "rsgd", "easgd", "parle"];

    /// <summary>Whether <paramref name="name"/> trains replicas (and so takes --replicas).</summary>
    public static bool IsReplicated(string name) => name is "rsgd" or "easgd" or "parle";

    /// <summary>
    /// The optimizer of <paramref name="settings"/>, training networks from <paramref name="network"/> on
    /// <paramref name="streams"/>. <see cref="TrainingSettings.LearningRate"/> overrides the main step size: the SGD
    /// step (or each replica's), Adam's, and the inner Langevin step of entropy-sgd and parle.
    /// </summary>
    public static DeepOptimizer Create(TrainingSettings settings, Func<nn.Module<Tensor, Tensor>> network, Func<int, MiniBatches> streams)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(network);
        double? lr = settings.LearningRate;
        var sgd = new SgdOptions();
        if (lr is double l) sgd = sgd with { LearningRate = l };
        var langevin = new LangevinOptions();
        if (lr is double li) langevin = langevin with { LearningRate = li };
        int replicas = settings.Replicas ?? 3;
        return settings.Optimizer switch
        {
            "sgd" => new Sgd(network(), streams, sgd),
            "adam" => new Optimizers.Adam(network(), streams, new AdamOptions { LearningRate = lr ?? new AdamOptions().LearningRate }),
            "sam" => new Sam(network(), streams, new SamOptions { Sgd = sgd }),
            "asam" => new Sam(network(), streams, new SamOptions { Sgd = sgd, Adaptive = true, Rho = 0.5 }),
            // Average the last quarter of the run, ten iterates per evaluation interval.
            "swa" => new Swa(network(), network(), streams, new SwaOptions
            {
                Sgd = sgd,
                Start = settings.GradientBudget * 3 / 4,
                Period = Math.Max(1, settings.EvaluationInterval / 10),
            }),
            "entropy-sgd" => new EntropySgd(network(), streams, new EntropySgdOptions { Langevin = langevin }),
            "rsgd" => new ReplicatedSgd(network, streams, new ReplicatedSgdOptions { Replicas = replicas, Sgd = sgd }),
            "easgd" => new Easgd(network, streams, new EasgdOptions { Replicas = replicas, Sgd = sgd }),
            "parle" => new Parle(network, streams, new ParleOptions { Replicas = replicas, Langevin = langevin }),
            var other => throw new ArgumentException($"unknown optimizer '{other}'; known: {string.Join(", ", Names)}", nameof(settings)),
        };
    }
}
