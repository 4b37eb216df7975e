using LocalEntropy.Deep.Data;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Training;

/// <summary>Mean cross-entropy and fraction of misclassified images of a network on a data set.</summary>
public readonly record struct LossAndError(double Loss, double Error);

/// <summary>Measures networks in evaluation mode (running BatchNorm statistics, no dropout), without gradients.</summary>
public static class Evaluation
{
    private const int Chunk = 1000;

    /// <summary>Loss and error of <paramref name="model"/> on <paramref name="data"/>; the model's mode is restored.</summary>
    public static LossAndError Measure(nn.Module<Tensor, Tensor> model, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        bool training = model.training;
        model.eval();
        using var _ = no_grad();
        double loss = 0;
        long wrong = 0;
        for (int start = 0; start < data.Count; start += Chunk)
        {
            using var scope = NewDisposeScope();
            (Tensor images, Tensor labels) = data.Slice(start, Math.Min(Chunk, data.Count - start));
            Tensor logits = model.forward(images);
            loss += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
            wrong += logits.argmax(1).ne(labels).sum().item<long>();
        }
        model.train(training);
        return new LossAndError(loss / data.Count, (double)wrong / data.Count);
    }
}
