using static TorchSharp.torch;

namespace LocalEntropy.Deep.Tests;

public class TorchLoadTests
{
    [Fact]
    public void Torch_Loads_AndAdds()
    {
        using var a = ones(3);
        Assert.Equal(6f, (a + a).sum().item<float>());
    }
}
