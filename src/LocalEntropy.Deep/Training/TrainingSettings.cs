using LocalEntropy.Deep.Models;

namespace LocalEntropy.Deep.Training;

/// <summary>What defines a training run; a checkpoint records it and a resumed run must agree with it.</summary>
public sealed record TrainingSettings
{
    /// <summary>The network.</summary>
    public ModelKind Model { get; init; } = ModelKind.Mlp;

    /// <summary>The optimizer's command-line name (see <see cref="OptimizerCatalog.Names"/>).</summary>
    public string Optimizer { get; init; } = "sgd";

    /// <summary>Seed of torch's generator (initial weights, dropout, Langevin noise) and of the data order.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Images per mini-batch.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Budget in gradient evaluations (one forward and backward pass on one mini-batch).</summary>
    public long GradientBudget { get; init; } = 4680;

    /// <summary>Gradient evaluations between two evaluation points (an epoch's worth by default in the CLI).</summary>
    public long EvaluationInterval { get; init; } = 468;

    /// <summary>Replicas of rsgd, easgd and parle (default 3).</summary>
    public int? Replicas { get; init; }

    /// <summary>Overrides the main step size (see <see cref="OptimizerCatalog.Create"/>).</summary>
    public double? LearningRate { get; init; }

    /// <summary>Training images the train loss and error (and recomputed BatchNorm statistics) are measured on: the first ones.</summary>
    public int EvaluationSize { get; init; } = 10_000;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (!OptimizerCatalog.Names.Contains(Optimizer)) throw new ArgumentException($"unknown optimizer '{Optimizer}'; known: {string.Join(", ", OptimizerCatalog.Names)}", nameof(Optimizer));
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be at least 1");
        if (GradientBudget < 1) throw new ArgumentOutOfRangeException(nameof(GradientBudget), GradientBudget, "must be at least 1");
        if (EvaluationInterval < 1) throw new ArgumentOutOfRangeException(nameof(EvaluationInterval), EvaluationInterval, "must be at least 1");
        if (Replicas is < 1) throw new ArgumentOutOfRangeException(nameof(Replicas), Replicas, "needs at least one replica");
        if (LearningRate is double lr && !(lr > 0 && double.IsFinite(lr))) throw new ArgumentOutOfRangeException(nameof(LearningRate), lr, "must be positive");
        if (EvaluationSize < 1) throw new ArgumentOutOfRangeException(nameof(EvaluationSize), EvaluationSize, "must be at least 1");
    }
}

/// <summary>One row of metrics.csv: the evaluated network after some gradient evaluations.</summary>
public sealed record EvaluationPoint(double Epoch, long GradientEvaluations, double Seconds, double TrainLoss, double TrainError, double TestLoss, double TestError);

/// <summary>Training progress for a progress bar.</summary>
public readonly record struct TrainingProgress(double Epoch, long GradientEvaluations, long Budget, double Loss, double? TestError, double Seconds);

/// <summary>Why a training run stopped.</summary>
public enum TrainingStop
{
    /// <summary>The gradient budget is spent.</summary>
    Completed,

    /// <summary>The caller cancelled (Ctrl-C).</summary>
    Cancelled,

    /// <summary>The loss became NaN or infinite.</summary>
    NonFinite,
}
