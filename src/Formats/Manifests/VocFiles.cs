namespace Cluster.Formats.Manifests;

/// <summary>Which XML files a VOC input means: a folder of XML files (sorted ordinally), a VOC root with an
/// Annotations folder, or a VOCdevkit ImageSets/Main/*.txt list of ids (Annotations is two folders up).</summary>
internal static class VocFiles
{
    public static IEnumerable<string> Enumerate(string manifestPath)
    {
        if (Directory.Exists(manifestPath))
        {
            var folder = Directory.Exists(Path.Combine(manifestPath, "Annotations")) ? Path.Combine(manifestPath, "Annotations") : manifestPath;
            return Directory.EnumerateFiles(folder, "*.xml").Order(StringComparer.Ordinal);
        }

        if (!File.Exists(manifestPath))
        {
            throw ManifestException.NotFound(manifestPath, "VOC annotation folder or ImageSets list");
        }

        return ListedIds(manifestPath);
    }

    /// <summary>The folder that holds Annotations/ and JPEGImages/ (or the XML folder itself).</summary>
    public static string RootOf(string manifestPath)
    {
        if (Directory.Exists(manifestPath))
        {
            var full = Path.GetFullPath(manifestPath).TrimEnd(Path.DirectorySeparatorChar);
            return Path.GetFileName(full) == "Annotations" ? Path.GetDirectoryName(full)! : full;
        }

        // .../VOC2007/ImageSets/Main/train.txt → .../VOC2007
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, "..", ".."));
    }

    private static IEnumerable<string> ListedIds(string listPath)
    {
        var annotations = Path.Combine(RootOf(listPath), "Annotations");
        foreach (var line in File.ReadLines(listPath))
        {
            // VOC lists are "id" or "id flag" (per-class lists: 1 / -1 / 0); the id is the first token.
            var id = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (id is not null)
            {
                yield return Path.Combine(annotations, id + ".xml");
            }
        }
    }
}
