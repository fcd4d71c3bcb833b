namespace Cluster.Formats.Manifests;

/// <summary>Entry point of the streaming manifest readers. Every input box row comes out exactly once: inside an
/// image's <see cref="ManifestImage.Boxes"/>, or as a rejected <see cref="ManifestItem"/>.</summary>
public static class ManifestReaders
{
    public static IAsyncEnumerable<ManifestItem> ReadAsync(ManifestFormat format, string manifestPath, ManifestReadOptions? options = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        options ??= ManifestReadOptions.Default;
        return format switch
        {
            ManifestFormat.Csv => CsvManifestReader.ReadAsync(manifestPath, ct),
            ManifestFormat.Voc => VocManifestReader.ReadAsync(manifestPath, options, ct),
            ManifestFormat.Coco => CocoManifestReader.ReadAsync(manifestPath, options, ct),
            ManifestFormat.Yolo => YoloManifestReader.ReadAsync(manifestPath, options, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown manifest format"),
        };
    }

    /// <summary>Guesses the format from the path: .csv, .json, a .txt list under ImageSets (VOC), data.yaml/obj.data or a
    /// folder holding one (YOLO), a folder of XML or with Annotations/ (VOC).</summary>
    public static ManifestFormat? DetectFormat(string manifestPath)
    {
        var name = Path.GetFileName(manifestPath.TrimEnd('/', '\\')).ToLowerInvariant();
        var ext = Path.GetExtension(name);
        if (ext == ".csv") return ManifestFormat.Csv;
        if (ext == ".json") return ManifestFormat.Coco;
        if (ext is ".yaml" or ".yml" || name == "obj.data") return ManifestFormat.Yolo;
        if (ext == ".txt" && manifestPath.Replace('\\', '/').Contains("ImageSets/", StringComparison.Ordinal)) return ManifestFormat.Voc;
        if (!Directory.Exists(manifestPath)) return null;
        if (File.Exists(Path.Combine(manifestPath, "data.yaml")) || File.Exists(Path.Combine(manifestPath, "obj.data"))) return ManifestFormat.Yolo;
        if (Directory.Exists(Path.Combine(manifestPath, "Annotations")) || Directory.EnumerateFiles(manifestPath, "*.xml").Any()) return ManifestFormat.Voc;
        return null;
    }

    /// <summary>The folder image paths of a manifest are relative to, unless the user names one: the CSV's folder;
    /// VOC's JPEGImages (else the XML folder); COCO's ../images/&lt;subset&gt; for annotations/instances_&lt;subset&gt;.json
    /// (else ../images, else the JSON's folder); the YOLO dataset root.</summary>
    public static string DefaultImagesRoot(ManifestFormat format, string manifestPath)
    {
        var full = Path.GetFullPath(manifestPath);
        switch (format)
        {
            case ManifestFormat.Voc:
                var vocRoot = VocFiles.RootOf(manifestPath);
                var jpeg = Path.Combine(vocRoot, "JPEGImages");
                return Directory.Exists(jpeg) ? jpeg : Directory.Exists(full) ? full : vocRoot;
            case ManifestFormat.Coco:
                var dir = Path.GetDirectoryName(full)!;
                var stem = Path.GetFileNameWithoutExtension(full);
                var subset = stem.Contains('_') ? stem[(stem.IndexOf('_') + 1)..] : stem;
                foreach (var candidate in new[] { Path.Combine(dir, "..", "images", subset), Path.Combine(dir, "..", "images"), Path.Combine(dir, "images") })
                {
                    if (Directory.Exists(candidate))
                    {
                        return Path.GetFullPath(candidate);
                    }
                }

                return dir;
            case ManifestFormat.Yolo:
                return Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
            default:
                return Path.GetDirectoryName(full)!;
        }
    }
}
