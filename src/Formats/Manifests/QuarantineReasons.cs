namespace Cluster.Formats.Manifests;

/// <summary>The fixed list of reasons a row can be quarantined for. Nothing else is ever written to quarantine.jsonl.</summary>
public static class QuarantineReasons
{
    /// <summary>The image file named by the row does not exist.</summary>
    public const string MissingImage = "missing-image";

    /// <summary>The image exists but ImageSharp cannot decode it (zero bytes, truncated, not an image).</summary>
    public const string UndecodableImage = "undecodable-image";

    /// <summary>The box lies more than one pixel outside the image.</summary>
    public const string BoxOutsideImage = "box-outside-image";

    /// <summary>The box has zero or negative width or height, or a NaN/infinite coordinate.</summary>
    public const string DegenerateBox = "degenerate-box";

    /// <summary>The class name or id is not in the label map.</summary>
    public const string UnknownClass = "unknown-class";

    /// <summary>The image path resolves (after symlinks) outside the images root, or is absolute.</summary>
    public const string PathEscapesRoot = "path-escapes-root";

    /// <summary>The size stated in the manifest matches neither the stored nor the displayed size of the image.</summary>
    public const string SizeMismatch = "size-mismatch";

    /// <summary>The row cannot be parsed (missing field, not a number, wrong column count).</summary>
    public const string MalformedRow = "malformed-row";

    /// <summary>The image header declares more pixels than the configured limit; it was not decoded.</summary>
    public const string ImageTooLarge = "image-too-large";

    /// <summary>The row refers to an image id that the manifest does not define (COCO).</summary>
    public const string UnknownImage = "unknown-image";

    /// <summary>Every reason, in a stable order (for summaries).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        MissingImage, UndecodableImage, BoxOutsideImage, DegenerateBox, UnknownClass,
        PathEscapesRoot, SizeMismatch, MalformedRow, ImageTooLarge, UnknownImage,
    ];
}
