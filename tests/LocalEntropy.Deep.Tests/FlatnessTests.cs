using LocalEntropy.Deep.Data;
using LocalEntropy.Deep.Flatness;
using LocalEntropy.Deep.Optimizers;
using LocalEntropy.Deep.Training;
using MathNet.Numerics.LinearAlgebra;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LocalEntropy.Deep.Tests;

public class FlatnessTests
{
    private static Module<Tensor, Tensor> Trained(Dataset data, ulong seed)
    {
        manual_seed((long)seed);
        var sgd = new Sgd(TestData.SmallNetwork(), TestData.Streams(data, seed: seed), new SgdOptions { LearningRate = 0.05 });
        for (int i = 0; i < 60; i++) sgd.Step();
        var network = TestData.SmallNetwork();
        Weights.CopyNetwork(network, sgd.Model);
        sgd.Dispose();
        return network;
    }

    [Fact]
    public void LocalEnergy_IsZeroWithoutNoise_AndGrowsWithIt()
    {
        Dataset data = TestData.Synthetic(200);
        var network = Trained(data, 1);
        float[] before = TestData.Flat(network);
        var points = LocalEnergy.Measure(network, data, [0, 0.2, 1.0], samples: 5, seed: 3);
        Assert.Equal(0, points[0].MeanLossIncrease, 6);
        Assert.True(points[1].MeanLossIncrease > 0 && points[2].MeanLossIncrease > points[1].MeanLossIncrease);
        Assert.Equal(before, TestData.Flat(network));
    }

    [Fact]
    public void HessianTop_MatchesTheLargestEigenvalueOfTheFullHessian()
    {
        Dataset data = TestData.Synthetic(64);
        manual_seed(4);
        // 784·3 + 3 = 2355 parameters is too many to form H; a projection to 6 inputs keeps it exact and small.
        var network = Sequential(Flatten(), Linear(784, 6), Tanh(), Linear(6, 10));
        network.parameters().First().requires_grad = false;
        var weights = Weights.Of(network).Where(w => w.requires_grad).ToArray();
        var top = HessianSpectrum.Top(network, data, seed: 1, maxIterations: 500, tolerance: 1e-7);

        (Tensor images, Tensor labels) = data.Slice(0, data.Count);
        Tensor loss = functional.cross_entropy(network.forward(images), labels);
        var gradient = autograd.grad([loss], weights, retain_graph: true, create_graph: true);
        int n = weights.Sum(w => (int)w.numel());
        var h = Matrix<double>.Build.Dense(n, n);
        for (int j = 0; j < n; j++)
        {
            int offset = 0;
            Tensor[] unit = [.. weights.Select(w =>
            {
                var e = zeros_like(w).flatten();
                if (j >= offset && j < offset + w.numel()) e[j - offset] = 1;
                offset += (int)w.numel();
                return e.reshape(w.shape);
            })];
            var hv = autograd.grad([.. gradient], weights, unit, retain_graph: true);
            double[] column = [.. hv.SelectMany(t => t.flatten().data<float>().ToArray()).Select(x => (double)x)];
            for (int i = 0; i < n; i++) h[i, j] = column[i];
        }
        double largest = h.Evd().EigenValues.Select(c => c.Real).MaxBy(Math.Abs);
        Assert.True(top.Converged);
        Assert.Equal(largest, top.Value, 2);
    }

    [Fact]
    public void LinearPath_BetweenANetworkAndItself_HasNoBarrier()
    {
        Dataset data = TestData.Synthetic(200);
        var a = Trained(data, 1);
        var path = LinearPath.Measure(a, a, TestData.SmallNetwork(), data, 5);
        Assert.All(path.Points, p => Assert.Equal(path.Points[0].Loss, p.Loss, 5));
        Assert.Equal(0, path.Barrier, 5);
    }

    [Fact]
    public void LinearPath_EndsAreTheTwoNetworks()
    {
        Dataset data = TestData.Synthetic(200);
        var a = Trained(data, 1);
        var b = Trained(data, 2);
        var path = LinearPath.Measure(a, b, TestData.SmallNetwork(), data, 3);
        Weights.RecomputeBatchNorm(b, data);
        Assert.Equal(Evaluation.Measure(b, data).Loss, path.Points[^1].Loss, 5);
        Assert.True(path.Barrier >= 0);
    }
}
