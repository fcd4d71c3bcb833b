namespace Cluster.Formats.Manifests;

/// <summary>The fields of a COCO annotation the converter uses; bbox is [x, y, width, height] in pixels.</summary>
internal sealed record CocoAnnotation(long? ImageId, long? CategoryId, double[]? BBox, bool IsCrowd, double? Area);
