namespace Cluster.Formats.Manifests;

/// <summary>A YOLO dataset resolved to its class names and the images to read, each with its label file.</summary>
internal sealed record YoloDataset(string Root, IReadOnlyList<string> ClassNames, IReadOnlyList<string> ImageFiles, string DescriptorFile)
{
    public static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff"];

    public static bool IsImage(string path) => ImageExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>The label file of an image: the last "images" folder becomes "labels" (Ultralytics); when that does not
    /// exist, the .txt beside the image (Darknet).</summary>
    public static string LabelFileOf(string imageFile)
    {
        var sep = Path.DirectorySeparatorChar;
        var marker = $"{sep}images{sep}";
        var at = imageFile.LastIndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            var ultralytics = imageFile[..at] + $"{sep}labels{sep}" + imageFile[(at + marker.Length)..];
            ultralytics = Path.ChangeExtension(ultralytics, ".txt");
            if (File.Exists(ultralytics))
            {
                return ultralytics;
            }
        }

        return Path.ChangeExtension(imageFile, ".txt");
    }

    /// <summary>Resolves a path written in a descriptor: relative to <paramref name="baseDir"/>; when that does not exist,
    /// with leading "../" or "data/" segments dropped (Roboflow and CVAT exports assume another working folder).</summary>
    public static string? ResolveListed(string baseDir, string listed)
    {
        var candidate = Path.GetFullPath(Path.Combine(baseDir, listed));
        if (Path.Exists(candidate))
        {
            return candidate;
        }

        var trimmed = listed.Replace('\\', '/');
        while (trimmed.StartsWith("../", StringComparison.Ordinal) || trimmed.StartsWith("./", StringComparison.Ordinal) || trimmed.StartsWith("data/", StringComparison.Ordinal))
        {
            trimmed = trimmed[(trimmed.IndexOf('/') + 1)..];
            candidate = Path.GetFullPath(Path.Combine(baseDir, trimmed));
            if (Path.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
