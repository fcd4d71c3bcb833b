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
    public static nn.Module<Tensor, Tensor> Group(int channels)
    {
        var norm = nn.GroupNorm(channels % 8 == 0 ? 8 : 1, channels);
        // TorchSharp 0.107.0 leaves GroupNorm's affine parameters uninitialized (garbage, sometimes NaN), unlike
        // PyTorch's ones/zeros; initialize them explicitly (GroupNormInitTests guards this).
        using (no_grad())
        {
            nn.init.ones_(norm.weight!);
            nn.init.zeros_(norm.bias!);
        }

        return norm;
    }
}
