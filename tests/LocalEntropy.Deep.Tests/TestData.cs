using LocalEntropy.Deep;
using LocalEntropy.Deep.Data;
using LocalEntropy.Numerics;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LocalEntropy.Deep.Tests;

/// <summary>Small data sets and networks the tests train on in well under a second.</summary>
internal static class TestData
{
    static TestData() => TorchRuntime.Initialize(2);

    /// <summary>Loads LibTorch (OMP_WAIT_POLICY=PASSIVE, two threads) before any test touches a tensor.</summary>
    public static void EnsureTorch() { }

    /// <summary>
    /// 28×28 images of 10 classes: class c lights a 7-pixel band at row 2c plus Gaussian noise, so a small network
    /// learns it in a few dozen steps.
    /// </summary>
    public static Dataset Synthetic(int count, ulong seed = 7)
    {
        EnsureTorch();
        var rng = new Rng(seed);
        var pixels = new float[count * 784];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int c = rng.NextInt(10);
            labels[i] = (byte)c;
            for (int p = 0; p < 784; p++) pixels[i * 784 + p] = (float)(0.7 * rng.NextGaussian());
            for (int col = 0; col < 7; col++) pixels[i * 784 + (2 * c + 4) * 28 + 10 + col] += 2f;
        }
        return new Dataset(pixels, labels, 1, 28, 28, 10);
    }

    /// <summary>A small MLP with BatchNorm and no dropout, so two runs with equal inputs compute equal numbers.</summary>
    public static Module<Tensor, Tensor> SmallNetwork() =>
        Sequential(Flatten(), Linear(784, 32), BatchNorm1d(32), ReLU(), Linear(32, 10));

    /// <summary>Batch stream a with a seed of its own.</summary>
    public static Func<int, MiniBatches> Streams(Dataset data, int batchSize = 32, ulong seed = 11) =>
        a => new MiniBatches(data, batchSize, seed + (ulong)a);

    /// <summary>All parameters and buffers of a network, flattened into one array.</summary>
    public static float[] Flat(Module network) =>
        [.. network.parameters().Cast<Tensor>().Concat(network.buffers()).SelectMany(t => t.detach().to_type(ScalarType.Float32).data<float>().ToArray())];
}
