using YamlDotNet.RepresentationModel;

namespace Cluster.Formats.Manifests;

/// <summary>Roboflow/Ultralytics layout: data.yaml with <c>names</c> (a list, or a map of id → name), optional
/// <c>path</c>, and train/val/test entries naming image folders (or .txt lists) whose labels sit in the sibling
/// <c>labels</c> folder. Entries that do not resolve (Roboflow writes "../train/images", "../valid/images") are retried
/// without leading "../"; when no entry resolves, every "*/images" folder under the root is read.</summary>
internal static class YoloUltralyticsLayout
{
    public static YoloDataset Load(string yamlPath, ManifestReadOptions options)
    {
        var root = Path.GetDirectoryName(Path.GetFullPath(yamlPath))!;
        YamlMappingNode map;
        try
        {
            var stream = new YamlStream();
            using (var text = File.OpenText(yamlPath))
            {
                stream.Load(text);
            }

            map = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
                ?? throw ManifestException.AtLine(yamlPath, 1, "data.yaml is not a mapping");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw ManifestException.AtLine(yamlPath, e.Start.Line, $"malformed YAML: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner and node loader throw these (without a position) on some malformed input; both found by
            // the yolo fuzzing harness.
            throw ManifestException.InFile(yamlPath, $"malformed YAML (the parser gave no position): {e.Message}", e);
        }

        var names = Names(map, yamlPath);
        var baseDir = Scalar(map, "path") is { } p ? Path.GetFullPath(Path.Combine(root, p)) : root;
        if (Path.GetPathRoot(baseDir) == baseDir)
        {
            throw ManifestException.InFile(yamlPath, $"'path' resolves to the filesystem root {baseDir}; the dataset must be a folder of its own");
        }

        var images = new List<string>();
        var splits = options.YoloSplit is { } split ? [split] : new[] { "train", "val", "test" };
        foreach (var key in splits)
        {
            foreach (var listed in Entries(map, key))
            {
                var resolved = YoloDataset.ResolveListed(baseDir, listed) ?? YoloDataset.ResolveListed(root, listed)
                    ?? YoloDataset.ResolveListed(root, listed.Replace("valid", "val", StringComparison.Ordinal));
                if (resolved is null)
                {
                    options.OnNotice?.Invoke($"{yamlPath}: {key} entry '{listed}' not found; skipped");
                    continue;
                }

                if (!IsWithin(resolved, baseDir) && !IsWithin(resolved, root))
                {
                    // Found by the yolo fuzzing harness: "val: /" made the reader walk the whole filesystem.
                    throw ManifestException.InFile(yamlPath, $"{key} entry '{listed}' resolves to {resolved}, outside the dataset folders {root} and {baseDir}");
                }

                images.AddRange(ImagesIn(resolved, root));
            }
        }

        if (images.Count == 0 && options.YoloSplit is null)
        {
            options.OnNotice?.Invoke($"{yamlPath}: no split entry resolved; reading every */images folder under {root}");
            images.AddRange(Directory.EnumerateDirectories(root, "images", AllFiles)
                .Order(StringComparer.Ordinal).SelectMany(d => ImagesIn(d, root)));
        }

        return new YoloDataset(root, names, images, yamlPath);
    }

    /// <summary>Recursive, like SearchOption.AllDirectories, but folders that cannot be read are skipped instead of throwing.</summary>
    private static readonly EnumerationOptions AllFiles = new() { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };

    private static bool IsWithin(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }

    private static IEnumerable<string> ImagesIn(string resolved, string root)
    {
        if (Directory.Exists(resolved))
        {
            return Directory.EnumerateFiles(resolved, "*", AllFiles).Where(YoloDataset.IsImage).Order(StringComparer.Ordinal);
        }

        return File.ReadLines(resolved).Select(l => l.Trim()).Where(l => l.Length > 0)
            .Select(l => YoloDataset.ResolveListed(root, l) ?? Path.GetFullPath(Path.Combine(root, l)));
    }

    private static IReadOnlyList<string> Names(YamlMappingNode map, string yamlPath)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode("names"), out var node))
        {
            throw ManifestException.AtLine(yamlPath, 1, "data.yaml has no 'names'");
        }

        switch (node)
        {
            case YamlSequenceNode seq:
                return seq.Children.Select(c => (c as YamlScalarNode)?.Value ?? "").ToArray();
            case YamlMappingNode byId:
                var pairs = byId.Children.Select(kv => (Id: int.TryParse((kv.Key as YamlScalarNode)?.Value, out var id) ? id : -1,
                    Name: (kv.Value as YamlScalarNode)?.Value ?? "")).ToList();
                if (pairs.Any(x => x.Id < 0))
                {
                    throw ManifestException.AtLine(yamlPath, node.Start.Line, "'names' map keys must be class ids 0..n-1");
                }

                var names = new string[pairs.Max(x => x.Id) + 1];
                foreach (var (id, name) in pairs)
                {
                    names[id] = name;
                }

                return names;
            default:
                throw ManifestException.AtLine(yamlPath, node.Start.Line, "'names' must be a list or a map of id: name");
        }
    }

    private static string? Scalar(YamlMappingNode map, string key)
        => map.Children.TryGetValue(new YamlScalarNode(key), out var n) && n is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value) ? s.Value : null;

    private static IEnumerable<string> Entries(YamlMappingNode map, string key)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return [];
        }

        return node switch
        {
            YamlScalarNode s when !string.IsNullOrWhiteSpace(s.Value) => [s.Value!],
            YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").Where(v => v.Length > 0),
            _ => [],
        };
    }
}
