using Cluster.Trainer.Model;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Cluster.Trainer.Tests;

public class ResidualBlockTests
{
    /// <summary>
    /// The projection shortcut runs as a stride-1 1×1 convolution of the subsampled input; this proves it is the textbook
    /// block (strided 1×1 projection, as in the PyTorch twin) on odd and even sizes, forward and backward.
    /// </summary>
    [Theory]
    [InlineData(16, 2)]
    [InlineData(15, 2)]
    [InlineData(8, 1)]
    public void Forward_MatchesTheStandardBlockWithAStridedProjection(int size, int stride)
    {
        manual_seed(5);
        using var block = new ResidualBlock("block", 8, 16, stride);
        var p = block.named_parameters().ToDictionary(n => n.name, n => n.parameter);
        using var input = randn(2, 8, size, size).requires_grad_(true);
        using var actual = block.forward(input);

        using var reference = Standard(input, p, stride);
        Assert.Equal(reference.shape, actual.shape);
        Assert.True(allclose(actual, reference, rtol: 1e-5, atol: 1e-5), "block output differs from the standard block");

        using var gradient = randn_like(actual);
        var fromBlock = autograd.grad([actual], [input], [gradient], retain_graph: true)[0];
        var fromReference = autograd.grad([reference], [input], [gradient])[0];
        Assert.True(allclose(fromBlock, fromReference, rtol: 1e-4, atol: 1e-5), "input gradient differs from the standard block");
    }

    private static Tensor Standard(Tensor x, Dictionary<string, TorchSharp.Modules.Parameter> p, int stride)
    {
        Tensor Norm(Tensor t, string name) => F.group_norm(t, 8, p[$"{name}.weight"], p[$"{name}.bias"], 1e-5);
        var a = F.relu(Norm(F.conv2d(x, p["conv1.weight"], strides: [stride, stride], padding: [1, 1]), "norm1"));
        var b = Norm(F.conv2d(a, p["conv2.weight"], padding: [1, 1]), "norm2");
        var skip = Norm(F.conv2d(x, p["shortcut.0.weight"], strides: [stride, stride]), "shortcut.1");
        return F.relu(b + skip);
    }
}
