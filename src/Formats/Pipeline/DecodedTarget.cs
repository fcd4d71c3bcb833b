namespace Cluster.Formats.Pipeline;

/// <summary>
/// The boxes of one decoded image: <see cref="Boxes"/> holds 4 floats per box (xmin, ymin, xmax, ymax) normalized to
/// [0, 1] of the model input after letterbox/resize/flip, and <see cref="Labels"/> the label-map id of each box (1-based).
/// </summary>
public sealed record DecodedTarget(float[] Boxes, int[] Labels)
{
    public int Count => Labels.Length;
}
