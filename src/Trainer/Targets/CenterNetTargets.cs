namespace Cluster.Trainer.Targets;

/// <summary>
/// Dense training targets for <see cref="Count"/> images on an <see cref="Height"/>×<see cref="Width"/> output grid, as
/// flat NCHW arrays: <see cref="Heatmap"/> (N×C×h×w Gaussian peaks, exactly 1 at object centres), <see cref="Size"/>
/// and <see cref="Offset"/> (N×2×h×w, set only at centres) and <see cref="Mask"/> (N×1×h×w, 1 at centres).
/// <see cref="Objects"/> counts the centres placed, the normalizer of the loss.
/// </summary>
public sealed record CenterNetTargets(
    int Count,
    int Classes,
    int Height,
    int Width,
    float[] Heatmap,
    float[] Size,
    float[] Offset,
    float[] Mask,
    int Objects);
