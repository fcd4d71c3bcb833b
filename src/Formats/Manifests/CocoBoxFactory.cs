namespace Cluster.Formats.Manifests;

/// <summary>Turns a COCO annotation into a pixel box, or a quarantine entry: unknown image id, unknown category,
/// a missing/short bbox, non-finite numbers, or zero/negative width or height.</summary>
internal static class CocoBoxFactory
{
    public static (int Ordinal, ManifestBox? Box, QuarantineEntry? Rejected) Create(CocoAnnotation a, CocoIndex index, SourceLocation source)
    {
        var ordinal = -1;
        var known = a.ImageId is { } imageId && index.Images.TryGetOrdinal(imageId, out ordinal);

        string? className = null;
        if (a.CategoryId is { } categoryId)
        {
            index.Categories.TryGetValue(categoryId, out className);
        }

        QuarantineEntry Reject(string reason, string detail) =>
            QuarantineEntry.For(source, known ? index.Images.FileNameOf(ordinal) : null, className, reason, detail);

        if (!known)
        {
            return (-1, null, Reject(QuarantineReasons.UnknownImage, $"image_id {a.ImageId?.ToString() ?? "(missing)"} is not in the images array"));
        }

        if (className is null)
        {
            return (ordinal, null, Reject(QuarantineReasons.UnknownClass, $"category_id {a.CategoryId?.ToString() ?? "(missing)"} is not in the categories array"));
        }

        if (a.BBox is not { Length: 4 } b)
        {
            return (ordinal, null, Reject(QuarantineReasons.MalformedRow, "bbox is missing or not [x, y, width, height]"));
        }

        if (!b.All(double.IsFinite))
        {
            return (ordinal, null, Reject(QuarantineReasons.DegenerateBox, "bbox has a non-finite number"));
        }

        if (b[2] <= 0 || b[3] <= 0)
        {
            return (ordinal, null, Reject(QuarantineReasons.DegenerateBox, $"bbox width/height {b[2]}x{b[3]} is not positive"));
        }

        var box = new ManifestBox(b[0], b[1], b[0] + b[2], b[1] + b[3], className, (int)a.CategoryId!.Value,
            false, false, null, a.IsCrowd, a.Area, source);
        return (ordinal, box, null);
    }
}
