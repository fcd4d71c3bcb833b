using Cluster.Trainer.Targets;
using TorchSharp;
using static TorchSharp.torch;

namespace Cluster.Trainer.Training;

/// <summary>
/// CenterNet's training loss: penalty-reduced pixel-wise focal loss on the heatmap (α = 2, β = 4) plus L1 losses on
/// size (weight 0.1) and offset (weight 1) at object centres. All three are SUMS divided by the caller's
/// <c>normalizer</c>: for data parallelism every replica divides by (objects in the GLOBAL batch) / (replica count),
/// so averaging the replicas' gradients gives exactly the gradient of the whole batch on one device.
/// </summary>
public static class CenterNetLoss
{
    public const double SizeWeight = 0.1;
    public const double OffsetWeight = 1.0;

    /// <summary>Returns the scalar loss (attached to the graph) of <paramref name="output"/> against the targets.</summary>
    public static Tensor Compute(Tensor output, CenterNetTargets targets, double normalizer, Device device)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(targets);
        if (!(normalizer > 0))
            throw new ArgumentOutOfRangeException(nameof(normalizer), normalizer, "the loss normalizer must be positive");

        using var scope = NewDisposeScope();
        long n = targets.Count, c = targets.Classes, h = targets.Height, w = targets.Width;
        var heat = tensor(targets.Heatmap, [n, c, h, w]).to(device);
        var size = tensor(targets.Size, [n, 2, h, w]).to(device);
        var offset = tensor(targets.Offset, [n, 2, h, w]).to(device);
        var mask = tensor(targets.Mask, [n, 1, h, w]).to(device);

        var logits = output.narrow(1, 0, c);
        var probability = logits.sigmoid();
        var positive = heat.eq(1f).to_type(ScalarType.Float32);
        var negativeWeight = (1f - heat).pow(4) * (1f - positive);
        var positiveLoss = nn.functional.logsigmoid(logits) * (1f - probability).pow(2) * positive;
        var negativeLoss = nn.functional.logsigmoid(-logits) * probability.pow(2) * negativeWeight;
        var focal = -(positiveLoss.sum() + negativeLoss.sum());

        var sizeLoss = ((output.narrow(1, c, 2) - size).abs() * mask).sum();
        var offsetLoss = ((output.narrow(1, c + 2, 2) - offset).abs() * mask).sum();
        var loss = (focal + SizeWeight * sizeLoss + OffsetWeight * offsetLoss) / normalizer;
        return loss.MoveToOuterDisposeScope();
    }
}
