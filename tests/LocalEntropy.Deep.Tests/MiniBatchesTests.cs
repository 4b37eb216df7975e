using LocalEntropy.Deep.Data;

namespace LocalEntropy.Deep.Tests;

public class MiniBatchesTests
{
    [Fact]
    public void Next_ReusesItsTensors_AndEachPassVisitsEveryImageOnce()
    {
        Dataset data = TestData.Synthetic(100);
        using var batches = new MiniBatches(data, 20, seed: 3);
        var images = batches.Images;
        var seen = new List<long>();
        for (int b = 0; b < batches.BatchesPerPass; b++)
        {
            batches.Next();
            Assert.Same(images, batches.Images);
            seen.AddRange(batches.Labels.data<long>().ToArray());
        }
        var expected = data.Labels.Select(l => (long)l).Order();
        Assert.Equal(expected, seen.Order());
    }

    [Fact]
    public void Next_CopiesTheImagesOfItsLabels()
    {
        Dataset data = TestData.Synthetic(50);
        using var batches = new MiniBatches(data, 10, seed: 3);
        batches.Next();
        float[] pixels = batches.Images.data<float>().ToArray();
        long[] labels = batches.Labels.data<long>().ToArray();
        for (int b = 0; b < 10; b++)
        {
            int image = Enumerable.Range(0, data.Count).First(i => data.Pixels.AsSpan(i * 784, 784).SequenceEqual(pixels.AsSpan(b * 784, 784)));
            Assert.Equal(data.Labels[image], labels[b]);
        }
    }

    [Fact]
    public void SaveAndLoad_ContinueWithTheSameBatches()
    {
        Dataset data = TestData.Synthetic(64);
        using var first = new MiniBatches(data, 16, seed: 5);
        for (int i = 0; i < 6; i++) first.Next();
        var buffer = new MemoryStream();
        first.Save(new BinaryWriter(buffer));
        using var second = new MiniBatches(data, 16, seed: 5);
        buffer.Position = 0;
        second.Load(new BinaryReader(buffer));
        for (int i = 0; i < 5; i++)
        {
            first.Next();
            second.Next();
            Assert.Equal(first.Labels.data<long>().ToArray(), second.Labels.data<long>().ToArray());
            Assert.Equal(first.Images.data<float>().ToArray(), second.Images.data<float>().ToArray());
        }
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentOrders()
    {
        Dataset data = TestData.Synthetic(64);
        using var a = new MiniBatches(data, 64, seed: 1);
        using var b = new MiniBatches(data, 64, seed: 2);
        a.Next();
        b.Next();
        Assert.NotEqual(a.Labels.data<long>().ToArray(), b.Labels.data<long>().ToArray());
    }
}
