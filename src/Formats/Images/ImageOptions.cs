namespace Cluster.Formats.Images;

/// <summary>How images are normalized into records.</summary>
public sealed record ImageOptions
{
    /// <summary>Images whose header declares more pixels than this are rejected (image-too-large) before decoding.</summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>When set, images whose longer side exceeds it are resized down (aspect kept) and re-encoded.</summary>
    public int? MaxSide { get; init; }

    /// <summary>JPEG quality (1-100) for re-encoded images.</summary>
    public int JpegQuality { get; init; } = 95;

    /// <summary>Background that transparent pixels are flattened onto, as #RRGGBB.</summary>
    public string Background { get; init; } = "#FFFFFF";

    /// <summary>Frame of the boxes on EXIF-rotated images.</summary>
    public BoxFrame BoxFrame { get; init; } = BoxFrame.Auto;

    /// <summary>Checks the values; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public ImageOptions Validated()
    {
        if (MaxPixels <= 0) throw new ArgumentException($"MaxPixels must be positive, got {MaxPixels}");
        if (MaxSide is <= 0) throw new ArgumentException($"MaxSide must be positive, got {MaxSide}");
        if (JpegQuality is < 1 or > 100) throw new ArgumentException($"JpegQuality must be 1-100, got {JpegQuality}");
        _ = SixLabors.ImageSharp.Color.ParseHex(Background);
        return this;
    }
}
