namespace Cluster.Trainer.Synthetic;

/// <summary>One drawn shape and its tight box in pixels: [XMin, XMax) × [YMin, YMax).</summary>
public sealed record ShapeObject(ShapeKind Kind, int XMin, int YMin, int XMax, int YMax)
{
    public string ClassName => Kind.ToString().ToLowerInvariant();
}
