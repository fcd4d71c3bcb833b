namespace Cluster.Formats.Manifests;

/// <summary>What a reader yields: either an image with its boxes, or one rejected input row.</summary>
public sealed record ManifestItem
{
    private ManifestItem(ManifestImage? image, QuarantineEntry? rejected)
    {
        Image = image;
        Rejected = rejected;
    }

    /// <summary>The image, or null when this item is a rejected row.</summary>
    public ManifestImage? Image { get; }

    /// <summary>The rejected row, or null when this item is an image.</summary>
    public QuarantineEntry? Rejected { get; }

    /// <summary>Input box rows this item accounts for: the image's boxes, or 1 for a rejected row.</summary>
    public int RowCount => Image?.Boxes.Count ?? 1;

    public static ManifestItem Of(ManifestImage image) => new(image ?? throw new ArgumentNullException(nameof(image)), null);

    public static ManifestItem Reject(QuarantineEntry entry) => new(null, entry ?? throw new ArgumentNullException(nameof(entry)));
}
