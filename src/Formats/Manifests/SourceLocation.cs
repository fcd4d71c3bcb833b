namespace Cluster.Formats.Manifests;

/// <summary>Where a manifest item came from: the file and its 1-based line (CSV, YOLO label rows, VOC object element)
/// or 1-based record number (COCO annotation index within its array).</summary>
public sealed record SourceLocation(string File, long Line)
{
    public override string ToString() => $"{File}:{Line}";
}
