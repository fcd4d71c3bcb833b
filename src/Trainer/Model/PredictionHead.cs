using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Cluster.Trainer.Model;

/// <summary>A CenterNet head: 3×3 conv + ReLU, then a 1×1 conv to the head's output channels.</summary>
internal sealed class PredictionHead : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> hidden;
    private readonly TorchSharp.Modules.Conv2d output;

    public PredictionHead(string name, int inChannels, int outChannels, double initialBias) : base(name)
    {
        hidden = Conv2d(inChannels, inChannels, kernel_size: 3, padding: 1);
        output = Conv2d(inChannels, outChannels, kernel_size: 1);
        RegisterComponents();
        using (no_grad())
            output.bias!.fill_(initialBias);
    }

    public override Tensor forward(Tensor input)
    {
        using var h = functional.relu(hidden.forward(input));
        return output.forward(h);
    }
}
