namespace Cluster.Formats.Manifests;

/// <summary>One image of a manifest: its path (relative to the images root unless absolute), the size the manifest
/// states (null when the format states none, e.g. YOLO) and its boxes, in pixels of the stated frame.</summary>
public sealed record ManifestImage(
    string ImagePath,
    int? StatedWidth,
    int? StatedHeight,
    IReadOnlyList<ManifestBox> Boxes,
    SourceLocation Source);
