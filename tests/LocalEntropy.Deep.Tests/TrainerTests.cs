using LocalEntropy.Deep.Data;
using LocalEntropy.Deep.Models;
using LocalEntropy.Deep.Training;
using LocalEntropy.IO;

namespace LocalEntropy.Deep.Tests;

public sealed class TrainerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lent-trainer-").FullName;
    private readonly Dataset _train = TestData.Synthetic(256, seed: 1);
    private readonly Dataset _test = TestData.Synthetic(100, seed: 2);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static TrainingSettings Settings(string optimizer, long budget) => new()
    {
        Model = ModelKind.Mlp,
        Optimizer = optimizer,
        BatchSize = 32,
        GradientBudget = budget,
        EvaluationInterval = 8,
        EvaluationSize = 128,
        Seed = 3,
    };

    [Theory]
    [InlineData("sgd")]
    [InlineData("entropy-sgd")]
    [InlineData("rsgd")]
    [InlineData("swa")]
    public void Resume_AfterAnInterruption_EqualsAnUninterruptedRun(string optimizer)
    {
        long budget = optimizer == "entropy-sgd" ? 80 : 24;
        using var whole = new Trainer(Settings(optimizer, budget), _train, _test);
        Assert.Equal(TrainingStop.Completed, whole.Run());

        // Interrupted mid-interval (not at an evaluation point), saved, resumed in a new trainer.
        string path = Path.Combine(_folder, "checkpoint.bin");
        using (var cancel = new CancellationTokenSource())
        using (var first = new Trainer(Settings(optimizer, budget), _train, _test))
        {
            var progress = new Progress(p =>
            {
                if (p.GradientEvaluations >= budget / 2 + 1) cancel.Cancel();
            });
            Assert.Equal(TrainingStop.Cancelled, first.Run(progress, cancel: cancel.Token));
            first.Save(path);
        }
        using var resumed = Trainer.Resume(path, Settings(optimizer, budget), _train, _test);
        Assert.Equal(TrainingStop.Completed, resumed.Run());

        Assert.Equal(whole.Points.Select(p => (p.GradientEvaluations, p.TrainLoss, p.TestError)),
                     resumed.Points.Select(p => (p.GradientEvaluations, p.TrainLoss, p.TestError)));
        Assert.Equal(TestData.Flat(whole.Model), TestData.Flat(resumed.Model));
    }

    [Fact]
    public void Resume_CheckpointOfAnotherOptimizer_IsRejected()
    {
        string path = SavedSgdRun();
        var e = Assert.Throws<InstanceFormatException>(() => Trainer.Resume(path, Settings("adam", 8), _train, _test));
        Assert.Contains("trained by sgd", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<InstanceFormatException>(() => Trainer.Resume(path, Settings("sgd", 8) with { Model = ModelKind.Conv }, _train, _test));
        Assert.Contains("mlp trained by sgd", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_DamagedCheckpoint_IsRejected()
    {
        string path = SavedSgdRun();
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.Throws<InstanceFormatException>(() => Trainer.Resume(path, Settings("sgd", 8), _train, _test));
        File.WriteAllText(path, "not a checkpoint at all");
        Assert.Throws<InstanceFormatException>(() => Trainer.Resume(path, Settings("sgd", 8), _train, _test));
        Assert.Throws<InstanceFormatException>(() => Trainer.ReadNetwork(path));
    }

    [Fact]
    public void Run_NonFiniteLoss_StopsAndKeepsTheLastGoodPoints()
    {
        using var trainer = new Trainer(Settings("sgd", 200) with { LearningRate = 1e6 }, _train, _test);
        Assert.Equal(TrainingStop.NonFinite, trainer.Run());
        Assert.True(trainer.Optimizer.GradientEvaluations < 200);
        Assert.All(trainer.Points, p => Assert.True(double.IsFinite(p.TrainLoss)));
    }

    [Fact]
    public void ReadNetwork_GivesTheEvaluatedNetwork()
    {
        string path = Path.Combine(_folder, "checkpoint.bin");
        using var trainer = new Trainer(Settings("rsgd", 24), _train, _test);
        trainer.Run();
        trainer.Save(path);
        (TrainingSettings settings, IReadOnlyList<EvaluationPoint> points, var network) = Trainer.ReadNetwork(path);
        Assert.Equal("rsgd", settings.Optimizer);
        Assert.Equal(trainer.Points.Count, points.Count);
        Assert.Equal(points[^1].TestError, Evaluation.Measure(network, _test).Error);
    }

    /// <summary>The checkpoint of a finished 8-evaluation SGD run.</summary>
    private string SavedSgdRun()
    {
        string path = Path.Combine(_folder, "checkpoint.bin");
        using var trainer = new Trainer(Settings("sgd", 8), _train, _test);
        trainer.Run();
        trainer.Save(path);
        return path;
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
