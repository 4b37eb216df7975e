using LocalEntropy.Deep.Data;
using LocalEntropy.Deep.Optimizers;
using LocalEntropy.Deep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Tests;

public class OptimizerTests
{
    private static DeepOptimizer Create(string name, Dataset data, long budget = 240) =>
        OptimizerCatalog.Create(new TrainingSettings { Optimizer = name, GradientBudget = budget, EvaluationInterval = 40 }, TestData.SmallNetwork, TestData.Streams(data));

    private static double Loss(DeepOptimizer optimizer, Dataset data)
    {
        optimizer.PrepareEvaluation(data);
        return Evaluation.Measure(optimizer.Model, data).Loss;
    }

    public static TheoryData<string> Names() => [.. OptimizerCatalog.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_OnASmallProblem_LowersTheLoss(string name)
    {
        Dataset data = TestData.Synthetic(320);
        manual_seed(1);
        using DeepOptimizer optimizer = Create(name, data);
        double before = Loss(optimizer, data);
        while (optimizer.GradientEvaluations < 240) Assert.True(double.IsFinite(optimizer.Step()));
        double after = Loss(optimizer, data);
        Assert.True(after < 0.5 * before, $"{name}: loss {before:F4} -> {after:F4}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SaveAndLoad_ContinueTheSameTrajectory(string name)
    {
        Dataset data = TestData.Synthetic(160);
        manual_seed(2);
        using DeepOptimizer first = Create(name, data);
        manual_seed(3);
        using DeepOptimizer second = Create(name, data);
        while (first.GradientEvaluations < 80) first.Step();
        var buffer = new MemoryStream();
        first.Save(new BinaryWriter(buffer));
        using (Tensor rng = get_rng_state()) rng.Save(new BinaryWriter(buffer));
        buffer.Position = 0;
        var reader = new BinaryReader(buffer);
        second.Load(reader);
        using (Tensor rng = TensorExtensionMethods.Load(reader)) set_rng_state(rng);
        var saved = get_rng_state();
        for (int i = 0; i < 3; i++) first.Step();
        set_rng_state(saved);
        for (int i = 0; i < 3; i++) second.Step();
        Assert.Equal(first.GradientEvaluations, second.GradientEvaluations);
        first.PrepareEvaluation(data);
        second.PrepareEvaluation(data);
        Assert.Equal(TestData.Flat(first.Model), TestData.Flat(second.Model));
    }

    [Fact]
    public void EntropySgd_OneLangevinStepAndNoCoupling_IsSgd()
    {
        Dataset data = TestData.Synthetic(160);
        manual_seed(4);
        var a = TestData.SmallNetwork();
        var b = TestData.SmallNetwork();
        Weights.CopyNetwork(b, a);
        // L = 1, γ = 0, no noise, μ = x': x − μ = η'g, so the outer step of size 1 is an SGD step of size η'.
        using var esgd = new EntropySgd(a, TestData.Streams(data), new EntropySgdOptions
        {
            Langevin = new LangevinOptions { Steps = 1, Gamma = 0, Noise = 0, Averaging = 1, LearningRate = 0.05 },
            Outer = new SgdOptions { LearningRate = 1, Momentum = 0.9 },
        });
        using var sgd = new Sgd(b, TestData.Streams(data), new SgdOptions { LearningRate = 0.05, Momentum = 0.9 });
        for (int i = 0; i < 30; i++)
        {
            esgd.Step();
            sgd.Step();
        }
        float[] x = TestData.Flat(esgd.Model), y = TestData.Flat(sgd.Model);
        for (int i = 0; i < x.Length; i++) Assert.True(Math.Abs(x[i] - y[i]) <= 1e-4 * (1 + Math.Abs(y[i])), $"weight {i}: {x[i]} vs {y[i]}");
    }

    [Fact]
    public void ReplicatedSgd_NoCoupling_IsIndependentSgdRuns()
    {
        Dataset data = TestData.Synthetic(160);
        manual_seed(5);
        var sgdOptions = new SgdOptions { LearningRate = 0.05 };
        using var rsgd = new ReplicatedSgd(TestData.SmallNetwork, TestData.Streams(data), new ReplicatedSgdOptions { Replicas = 3, Gamma = 0, GammaMax = 0, Sgd = sgdOptions });
        Sgd[] runs = [.. Enumerable.Range(0, 3).Select(a =>
        {
            var network = TestData.SmallNetwork();
            Weights.CopyNetwork(network, rsgd.Replicas[a]);
            return new Sgd(network, _ => TestData.Streams(data)(a), sgdOptions);
        })];
        for (int i = 0; i < 20; i++)
        {
            rsgd.Step();
            foreach (Sgd run in runs) run.Step();
        }
        for (int a = 0; a < 3; a++)
        {
            Assert.Equal(TestData.Flat(runs[a].Model), TestData.Flat(rsgd.Replicas[a]));
            runs[a].Dispose();
        }
        Assert.Equal(60, rsgd.GradientEvaluations);
    }

    [Fact]
    public void ReplicatedSgd_Coupling_PullsReplicasTogether()
    {
        Dataset data = TestData.Synthetic(160);
        double Spread(ReplicatedSgd r)
        {
            float[][] w = [.. r.Replicas.Select(TestData.Flat)];
            return Enumerable.Range(1, w.Length - 1).Sum(a => w[a].Zip(w[0], (p, q) => (double)(p - q) * (p - q)).Sum());
        }
        manual_seed(6);
        using var free = new ReplicatedSgd(TestData.SmallNetwork, TestData.Streams(data), new ReplicatedSgdOptions { Gamma = 0, GammaMax = 0 });
        manual_seed(6);
        using var coupled = new ReplicatedSgd(TestData.SmallNetwork, TestData.Streams(data), new ReplicatedSgdOptions { Gamma = 1, GammaMax = 1 });
        for (int i = 0; i < 30; i++)
        {
            free.Step();
            coupled.Step();
        }
        Assert.True(Spread(coupled) < 0.5 * Spread(free), $"{Spread(coupled)} vs {Spread(free)}");
    }

    [Fact]
    public void Schedules_Advance_AndSurviveACheckpoint()
    {
        Dataset data = TestData.Synthetic(160);
        manual_seed(7);
        using var esgd = new EntropySgd(TestData.SmallNetwork(), TestData.Streams(data), new EntropySgdOptions { Langevin = new LangevinOptions { Steps = 2, Scoping = 0.1 } });
        using var rsgd = new ReplicatedSgd(TestData.SmallNetwork, TestData.Streams(data), new ReplicatedSgdOptions { Replicas = 2, GammaGrowth = 0.1 });
        using var parle = new Parle(TestData.SmallNetwork, TestData.Streams(data), new ParleOptions { Replicas = 2, Langevin = new LangevinOptions { Steps = 2, Scoping = 0.1 }, RhoScoping = 0.1 });
        (double, double, double, double) Schedule() => (esgd.Gamma, rsgd.Gamma, parle.Gamma, parle.Rho);
        var start = Schedule();
        for (int i = 0; i < 5; i++)
        {
            esgd.Step();
            rsgd.Step();
            parle.Step();
        }
        Assert.Equal(1e-4 * Math.Pow(1.1, 5), esgd.Gamma, 12);
        Assert.Equal(0.01 * Math.Pow(1.1, 5), rsgd.Gamma, 12);
        Assert.True(parle.Gamma > start.Item3 && parle.Rho > start.Item4);

        var buffer = new MemoryStream();
        esgd.Save(new BinaryWriter(buffer));
        buffer.Position = 0;
        using var resumed = new EntropySgd(TestData.SmallNetwork(), TestData.Streams(data), new EntropySgdOptions { Langevin = new LangevinOptions { Steps = 2, Scoping = 0.1 } });
        resumed.Load(new BinaryReader(buffer));
        Assert.Equal(esgd.Gamma, resumed.Gamma);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sam_LeavesBatchNormStatisticsAsOneCleanPass(bool adaptive)
    {
        Dataset data = TestData.Synthetic(160);
        manual_seed(8);
        var network = TestData.SmallNetwork();
        var clean = TestData.SmallNetwork();
        Weights.CopyNetwork(clean, network);
        using var sam = new Sam(network, TestData.Streams(data), new SamOptions { Adaptive = adaptive, Rho = adaptive ? 0.5 : 0.05 });
        using var batches = TestData.Streams(data)(0);
        clean.train();
        for (int i = 0; i < 3; i++)
        {
            Weights.CopyNetwork(clean, network);
            sam.Step();
            batches.Next();
            using (no_grad()) clean.forward(batches.Images);
            Assert.Equal(clean.buffers().SelectMany(b => b.to_type(ScalarType.Float64).data<double>().ToArray()),
                         network.buffers().SelectMany(b => b.to_type(ScalarType.Float64).data<double>().ToArray()));
        }
        Assert.Equal(6, sam.GradientEvaluations);
    }

    [Fact]
    public void Step_KeepsNoTensorBeyondItsState()
    {
        Dataset data = TestData.Synthetic(160);
        manual_seed(9);
        using DeepOptimizer parle = Create("parle", data);
        parle.Step();
        long alive = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 3; i++) parle.Step();
        Assert.Equal(alive, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
