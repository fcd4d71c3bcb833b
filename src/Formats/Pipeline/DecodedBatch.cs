namespace Cluster.Formats.Pipeline;

/// <summary>
/// A batch decoded on the trainer side, ready to become a tensor: <see cref="Count"/> RGB images of
/// <see cref="Height"/>×<see cref="Width"/> in NCHW order (channel planes R, G, B), normalized to floats, plus the
/// boxes of each image in the same (letterboxed or resized) input frame. <see cref="Pixels"/> may be a reused buffer
/// owned by the decode stage: copy it (e.g. into a tensor) before asking for the next batch.
/// </summary>
public sealed record DecodedBatch(
    int Count,
    int Height,
    int Width,
    float[] Pixels,
    IReadOnlyList<DecodedTarget> Targets,
    IReadOnlyList<string> SourceIds)
{
    /// <summary>Floats per image: 3 × <see cref="Height"/> × <see cref="Width"/>.</summary>
    public int ImageLength => 3 * Height * Width;
}
