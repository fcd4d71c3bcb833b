using Cluster.Trainer.Model;
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
        var heat = ArrayViews.Of(targets.Heatmap, 0, n, c, h, w).to(device);
        var size = ArrayViews.Of(targets.Size, 0, n, 2, h, w).to(device);
        var offset = ArrayViews.Of(targets.Offset, 0, n, 2, h, w).to(device);
        var mask = ArrayViews.Of(targets.Mask, 0, n, 1, h, w).to(device);

        // Explicit, kept-alive scalars only (see Model.Scalars): no implicit number-to-Scalar temporaries here.
        using var sizeWeight = SizeWeight.ToScalar();
        using var offsetWeight = OffsetWeight.ToScalar();
        using var inverseNormalizer = (1.0 / normalizer).ToScalar();
        var logits = output.narrow(1, 0, c);
        var probability = logits.sigmoid();
        var positive = heat.eq(Scalars.One).to_type(ScalarType.Float32);
        var oneMinusHeat = heat.neg().add_(Scalars.One, Scalars.One);
        var negativeWeight = oneMinusHeat.pow(Scalars.Four).mul_(positive.neg().add_(Scalars.One, Scalars.One));
        var oneMinusProbability = probability.neg().add_(Scalars.One, Scalars.One);
        var positiveLoss = nn.functional.logsigmoid(logits).mul_(oneMinusProbability.pow(Scalars.Two)).mul_(positive);
        var negativeLoss = nn.functional.logsigmoid(logits.neg()).mul_(probability.pow(Scalars.Two)).mul_(negativeWeight);
        var focal = positiveLoss.sum().add_(negativeLoss.sum(), Scalars.One).neg();

        var sizeLoss = output.narrow(1, c, 2).sub(size).abs().mul_(mask).sum();
        var offsetLoss = output.narrow(1, c + 2, 2).sub(offset).abs().mul_(mask).sum();
        var loss = focal.add_(sizeLoss, sizeWeight).add_(offsetLoss, offsetWeight).mul_(inverseNormalizer);
        return loss.MoveToOuterDisposeScope();
    }
}
