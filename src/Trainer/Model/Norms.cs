using TorchSharp;
using static TorchSharp.torch;

namespace Cluster.Trainer.Model;

/// <summary>
/// Normalization used throughout the detector. GroupNorm, not BatchNorm: it normalizes each image on its own, so a
/// replica's slice of the batch produces exactly the gradients the same images would in one big batch (BatchNorm's
/// batch statistics would differ per slice and break data-parallel equivalence).
/// </summary>
internal static class Norms
{
    public static nn.Module<Tensor, Tensor> Group(int channels) => nn.GroupNorm(channels % 8 == 0 ? 8 : 1, channels);
}
