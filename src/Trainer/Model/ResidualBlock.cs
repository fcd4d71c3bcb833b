using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Cluster.Trainer.Model;

/// <summary>A basic ResNet block: two 3×3 convolutions with a projection shortcut when the shape changes.</summary>
internal sealed class ResidualBlock : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> conv1;
    private readonly Module<Tensor, Tensor> norm1;
    private readonly Module<Tensor, Tensor> conv2;
    private readonly Module<Tensor, Tensor> norm2;
    private readonly Module<Tensor, Tensor>? shortcut;
    private readonly int stride;

    public ResidualBlock(string name, int inChannels, int outChannels, int stride) : base(name)
    {
        conv1 = Conv2d(inChannels, outChannels, kernel_size: 3, stride: stride, padding: 1, bias: false);
        norm1 = Norms.Group(outChannels);
        conv2 = Conv2d(outChannels, outChannels, kernel_size: 3, stride: 1, padding: 1, bias: false);
        norm2 = Norms.Group(outChannels);
        this.stride = stride;
        // The projection is a strided 1×1 convolution, computed as a stride-1 1×1 convolution of the subsampled input
        // (the same products, the same parameters): libtorch 2.10's oneDNN takes ~2× as long for the strided backward
        // at these sizes (bench/results/trainer.md). ResidualBlockTests hold it to the textbook block.
        if (stride != 1 || inChannels != outChannels)
            shortcut = Sequential(Conv2d(inChannels, outChannels, kernel_size: 1, bias: false), Norms.Group(outChannels));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var a = functional.relu(norm1.forward(conv1.forward(input)));
        using var b = norm2.forward(conv2.forward(a));
        using var skip = shortcut is null ? input.alias() : shortcut.forward(Subsample(input));
        return functional.relu(b.add_(skip, Scalars.One));
    }

    /// <summary>Every <c>stride</c>-th row and column from the first: the pixels a strided 1×1 convolution reads.</summary>
    private Tensor Subsample(Tensor input)
    {
        if (stride == 1)
            return input.alias();
        using var rows = input.slice(2, 0, input.shape[2], stride);
        return rows.slice(3, 0, input.shape[3], stride);
    }
}
