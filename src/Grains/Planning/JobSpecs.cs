using System.Text.Json;
using Cluster.Formats.Images;
using Cluster.Formats.Manifests;
using Cluster.Formats.TfRecords;
using Cluster.Grains.Storage;

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

    /// <summary>Where shard <paramref name="index"/> is published, for spans: a file URI, or <c>az://CONTAINER/PREFIX/NAME</c>.</summary>
    public static string ShardAddressOf(ConversionJobSpec spec, int index)
    {
        var name = ShardFileName(spec, index);
        return StorageLocation.LooksLikeBlob(spec.OutputDir)
            ? $"{StorageLocation.Parse(spec.OutputDir)}/{name}"
            : new Uri(Path.Combine(spec.OutputDir, name)).AbsoluteUri;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public static ConversionJobSpec Validate(ConversionJobSpec spec) => Validate(spec, new StorageAccess());

    /// <summary>As <see cref="Validate(ConversionJobSpec)"/>; Blob locations need a connection string in <paramref name="access"/> or the environment.</summary>
    public static ConversionJobSpec Validate(ConversionJobSpec spec, StorageAccess access)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _ = FormatOf(spec);
        _ = CompressionOf(spec);
        _ = ImageOptionsOf(spec);
        if (spec.ShardCount is < 1 or > 99_999) throw new ArgumentException($"shard count must be 1-99999, got {spec.ShardCount}");
        if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name.IndexOfAny(['/', '\\']) >= 0) throw new ArgumentException($"bad shard name prefix '{spec.Name}'");
        if (spec.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || spec.Name is "." or "..") throw new ArgumentException($"bad shard name prefix '{spec.Name}'");
        var imagesInBlob = ValidateBlobLocation(spec.ImagesRoot, access);
        var outputInBlob = ValidateBlobLocation(spec.OutputDir, access);
        foreach (var path in new[] { spec.ManifestPath, imagesInBlob ? null : spec.ImagesRoot, outputInBlob ? null : spec.OutputDir, spec.LabelMapPath })
        {
            if (path is not null && !Path.IsPathFullyQualified(path)) throw new ArgumentException($"path must be absolute: '{path}'");
        }

        // Checked here, before the job is recorded or any work starts, so a bad spec is refused at submit time.
        if (!File.Exists(spec.ManifestPath) && !Directory.Exists(spec.ManifestPath)) throw new ArgumentException($"manifest not found: '{spec.ManifestPath}'");
        if (!imagesInBlob && !Directory.Exists(spec.ImagesRoot)) throw new ArgumentException($"images folder not found: '{spec.ImagesRoot}'");
        if (spec.LabelMapPath is not null && !File.Exists(spec.LabelMapPath)) throw new ArgumentException($"label map not found: '{spec.LabelMapPath}'");
        return spec;
    }

    /// <summary>True for a Blob location given in its canonical form (<c>az://CONTAINER/PREFIX</c>) with a connection
    /// string to reach it; false for a folder; <see cref="ArgumentException"/> otherwise.</summary>
    private static bool ValidateBlobLocation(string location, StorageAccess access)
    {
        if (!StorageLocation.LooksLikeBlob(location))
        {
            return false;
        }

        var parsed = StorageLocation.Parse(location);
        if (parsed.ToString() != location) throw new ArgumentException($"Blob location must be given as '{parsed}', not '{location}'");
        _ = BlobConnection.ContainerOf(parsed, access.ConnectionString);
        return true;
    }

    /// <summary>The spec as canonical JSON (what plan.json records, and what a plan id hashes).</summary>
    public static string ToJson(ConversionJobSpec spec) => JsonSerializer.Serialize(spec, WorkJson.Options);
}
