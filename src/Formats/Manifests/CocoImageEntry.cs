namespace Cluster.Formats.Manifests;

/// <summary>An entry of COCO's images array.</summary>
internal sealed record CocoImageEntry(long Id, string FileName, int? Width, int? Height);
