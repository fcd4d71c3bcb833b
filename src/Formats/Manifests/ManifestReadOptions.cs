namespace Cluster.Formats.Manifests;

/// <summary>Options shared by the manifest readers.</summary>
public sealed record ManifestReadOptions
{
    /// <summary>Receives notes about choices a reader made (e.g. which VOC file name it used). Null ignores them.</summary>
    public Action<string>? OnNotice { get; init; }

    /// <summary>COCO: when annotations are not grouped by image, at most this many are held in memory at once;
    /// the rest are spilled to a temporary file in image order buckets.</summary>
    public int CocoAnnotationsInMemory { get; init; } = 200_000;

    /// <summary>YOLO (Ultralytics layout): read only this split (e.g. "train"); null reads every split found.</summary>
    public string? YoloSplit { get; init; }

    /// <summary>Folder for temporary spill files (COCO). Null uses the system temp folder.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>COCO: the largest single JSON value (one image, category or annotation object, or one string) held in
    /// memory; a larger one fails with the byte offset where it starts. Bounds memory on hostile files.</summary>
    public long MaxJsonValueBytes { get; init; } = DefaultMaxJsonValueBytes;

    /// <summary>The default <see cref="MaxJsonValueBytes"/>: 256 MiB.</summary>
    public const long DefaultMaxJsonValueBytes = 256L << 20;

    public static ManifestReadOptions Default { get; } = new();
}
