using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LocalEntropy.Deep.Models;

/// <summary>The networks `lent train` knows, all for 28×28 grey images and 10 classes.</summary>
public enum ModelKind
{
    /// <summary>784-1024-1024-10 with BatchNorm and Dropout: the "mnistfc" of the Entropy-SGD paper.</summary>
    Mlp,

    /// <summary>A LeNet-style convolutional net: two conv-pool blocks (20 and 50 channels), 500 hidden units.</summary>
    Conv,

    /// <summary>The MLP's layout with ±1 weights (straight-through estimator) and BatchNorm: the deep cousin of the binary perceptron.</summary>
    BinaryMlp,
}

/// <summary>Builds the networks of <see cref="ModelKind"/> and names them on the command line.</summary>
public static class Networks
{
    /// <summary>Command-line names, in <see cref="ModelKind"/> order.</summary>
    public static readonly IReadOnlyList<string> Names = ["mlp", "conv", "binary-mlp"];

    /// <summary>The kind named <paramref name="name"/> on the command line.</summary>
    public static ModelKind Parse(string name)
    {
        int i = Names.ToList().IndexOf(name);
        return i >= 0 ? (ModelKind)i : throw new ArgumentException($"unknown model '{name}'; known: {string.Join(", ", Names)}", nameof(name));
    }

    /// <summary>The command-line name of <paramref name="kind"/>.</summary>
    public static string Name(ModelKind kind) => Names[(int)kind];

    /// <summary>A freshly initialised network, drawing its weights from torch's global generator.</summary>
    public static Module<Tensor, Tensor> Create(ModelKind kind) => kind switch
    {
        ModelKind.Mlp => Sequential(
            Flatten(), Dropout(0.2),
            Linear(784, 1024), BatchNorm1d(1024), ReLU(), Dropout(0.2),
            Linear(1024, 1024), BatchNorm1d(1024), ReLU(), Dropout(0.2),
            Linear(1024, 10)),
        ModelKind.Conv => Sequential(
            Conv2d(1, 20, 5), BatchNorm2d(20), ReLU(), MaxPool2d(2),
            Conv2d(20, 50, 5), BatchNorm2d(50), ReLU(), MaxPool2d(2),
            Flatten(), Linear(800, 500), BatchNorm1d(500), ReLU(), Dropout(0.25),
            Linear(500, 10)),
        // BatchNorm after every binary layer sets the scale that ±1 weights cannot; no dropout (the sign is noise enough).
        ModelKind.BinaryMlp => Sequential(
            Flatten(),
            new BinaryLinear(784, 1024), BatchNorm1d(1024), ReLU(),
            new BinaryLinear(1024, 1024), BatchNorm1d(1024), ReLU(),
            new BinaryLinear(1024, 10), BatchNorm1d(10)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown model kind"),
    };
}
