namespace Cluster.Formats.Manifests;

/// <summary>One box in pixel coordinates (YOLO's normalized rows are scaled once the image size is known, see
/// <see cref="Normalized"/>). <see cref="ClassName"/> or <see cref="ClassId"/> names the class; COCO and YOLO give both.</summary>
public sealed record ManifestBox(
    double XMin,
    double YMin,
    double XMax,
    double YMax,
    string? ClassName,
    int? ClassId,
    bool Difficult,
    bool Truncated,
    string? Pose,
    bool IsCrowd,
    double? Area,
    SourceLocation Source)
{
    /// <summary>True when the coordinates are fractions of the image size (YOLO) rather than pixels.</summary>
    public bool Normalized { get; init; }
}
