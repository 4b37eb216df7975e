using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LocalEntropy.Deep.Models;

/// <summary>
/// A linear layer without bias whose forward pass uses the signs of its real "hidden" weights (±1 synapses, as in
/// the binary perceptron). Gradients pass straight through the sign to the hidden weights where |w| ≤ 1 (the
/// clipped straight-through estimator of BinaryConnect), so any real-weight optimizer trains it.
/// </summary>
public sealed class BinaryLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;

    /// <summary>A layer from <paramref name="inputs"/> to <paramref name="outputs"/> units, hidden weights uniform in ±1/√inputs.</summary>
    public BinaryLinear(long inputs, long outputs) : base(nameof(BinaryLinear))
    {
        double bound = 1 / Math.Sqrt(inputs);
        weight = nn.Parameter(empty(outputs, inputs).uniform_(-bound, bound));
        RegisterComponents();
    }

    /// <summary>The real hidden weights; the layer computes with their signs.</summary>
    public Parameter Weight => weight;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor clipped = weight.clamp(-1, 1);
        // Forward: sign(w). Backward: the gradient of clamp(w), i.e. 1 on [-1, 1] and 0 outside.
        Tensor binary = clipped + (weight.sign() - clipped).detach();
        return nn.functional.linear(input, binary).MoveToOuterDisposeScope();
    }
}
