using System.Text.Json;
using Cluster.Formats.Images;
using Cluster.Formats.Manifests;
using Cluster.Formats.TfRecords;

namespace Cluster.Grains.Planning;

/// <summary>Reads the typed settings out of a <see cref="ConversionJobSpec"/>, and checks it.</summary>
internal static class JobSpecs
{
    public static ManifestFormat FormatOf(ConversionJobSpec spec) => spec.Format.ToLowerInvariant() switch
    {
        "csv" => ManifestFormat.Csv,
        "voc" => ManifestFormat.Voc,
        "coco" => ManifestFormat.Coco,
        "yolo" => ManifestFormat.Yolo,
        _ => throw new ArgumentException($"unknown format '{spec.Format}' (expected csv, voc, coco or yolo)"),
    };

    public static TfRecordCompression CompressionOf(ConversionJobSpec spec) => spec.Compression.ToLowerInvariant() switch
    {
        "none" or "" => TfRecordCompression.None,
        "gzip" => TfRecordCompression.Gzip,
        _ => throw new ArgumentException($"unknown compression '{spec.Compression}' (expected none or gzip)"),
    };

    public static ImageOptions ImageOptionsOf(ConversionJobSpec spec) => new ImageOptions
    {
        MaxSide = spec.MaxSide,
        BoxFrame = spec.BoxFrame.ToLowerInvariant() switch
        {
            "auto" => BoxFrame.Auto,
            "displayed" => BoxFrame.Displayed,
            "stored" => BoxFrame.Stored,
            _ => throw new ArgumentException($"unknown box frame '{spec.BoxFrame}' (expected auto, displayed or stored)"),
        },
    }.Validated();

    public static string ShardFileName(ConversionJobSpec spec, int index)
        => ShardNames.Format(spec.Name, index, spec.ShardCount, CompressionOf(spec));

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public static ConversionJobSpec Validate(ConversionJobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _ = FormatOf(spec);
        _ = CompressionOf(spec);
        _ = ImageOptionsOf(spec);
        if (spec.ShardCount is < 1 or > 99_999) throw new ArgumentException($"shard count must be 1-99999, got {spec.ShardCount}");
        if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name.IndexOfAny(['/', '\\']) >= 0) throw new ArgumentException($"bad shard name prefix '{spec.Name}'");
        if (spec.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || spec.Name is "." or "..") throw new ArgumentException($"bad shard name prefix '{spec.Name}'");
        foreach (var path in new[] { spec.ManifestPath, spec.ImagesRoot, spec.OutputDir, spec.LabelMapPath })
        {
            if (path is not null && !Path.IsPathFullyQualified(path)) throw new ArgumentException($"path must be absolute: '{path}'");
        }

        // Checked here, before the job is recorded or any work starts, so a bad spec is refused at submit time.
        if (!File.Exists(spec.ManifestPath) && !Directory.Exists(spec.ManifestPath)) throw new ArgumentException($"manifest not found: '{spec.ManifestPath}'");
        if (!Directory.Exists(spec.ImagesRoot)) throw new ArgumentException($"images folder not found: '{spec.ImagesRoot}'");
        if (spec.LabelMapPath is not null && !File.Exists(spec.LabelMapPath)) throw new ArgumentException($"label map not found: '{spec.LabelMapPath}'");
        return spec;
    }

    /// <summary>The spec as canonical JSON (what plan.json records, and what a plan id hashes).</summary>
    public static string ToJson(ConversionJobSpec spec) => JsonSerializer.Serialize(spec, WorkJson.Options);
}
