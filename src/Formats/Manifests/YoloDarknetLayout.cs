namespace Cluster.Formats.Manifests;

/// <summary>Darknet layout: obj.data ("key = value" lines naming names/train/valid), obj.names (one class per line,
/// id = line index) and train.txt (one image path per line).</summary>
internal static class YoloDarknetLayout
{
    public static YoloDataset Load(string objData, ManifestReadOptions options)
    {
        var root = Path.GetDirectoryName(Path.GetFullPath(objData))!;
        var settings = File.ReadLines(objData)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var namesFile = (settings.TryGetValue("names", out var n) ? YoloDataset.ResolveListed(root, n) : null)
            ?? Path.Combine(root, "obj.names");
        if (!File.Exists(namesFile))
        {
            throw ManifestException.NotFound(namesFile, "YOLO class names file (obj.names)");
        }

        var names = File.ReadAllLines(namesFile).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        var images = new List<string>();
        var lists = options.YoloSplit is { } split ? [split] : new[] { "train", "valid", "test" };
        foreach (var key in lists)
        {
            if (!settings.TryGetValue(key, out var listed))
            {
                continue;
            }

            var listFile = YoloDataset.ResolveListed(root, listed);
            if (listFile is null)
            {
                options.OnNotice?.Invoke($"{objData}: {key} list '{listed}' not found; skipped");
                continue;
            }

            foreach (var line in File.ReadLines(listFile).Select(l => l.Trim()).Where(l => l.Length > 0))
            {
                images.Add(YoloDataset.ResolveListed(root, line) ?? Path.GetFullPath(Path.Combine(root, line)));
            }
        }

        return new YoloDataset(root, names, images, objData);
    }
}
