using System.Runtime.CompilerServices;

namespace Cluster.Formats.Manifests;

/// <summary>Reads a YOLO dataset (Darknet or Ultralytics layout, chosen by the descriptor found) image by image.
/// Boxes stay normalized (<see cref="ManifestBox.Normalized"/>); the record builder scales them by the real image size.
/// Image paths are relative to the dataset root; an image without a label file is an image without boxes.</summary>
internal static class YoloManifestReader
{
    public static async IAsyncEnumerable<ManifestItem> ReadAsync(string manifestPath, ManifestReadOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        var dataset = Load(manifestPath, options);
        foreach (var imageFile in dataset.ImageFiles)
        {
            ct.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(dataset.Root, imageFile);
            var labelFile = YoloDataset.LabelFileOf(imageFile);
            var boxes = new List<ManifestBox>();
            if (File.Exists(labelFile))
            {
                var line = 0L;
                foreach (var text in File.ReadLines(labelFile))
                {
                    line++;
                    if (string.IsNullOrWhiteSpace(text))
                    {
                        continue;
                    }

                    var (box, rejected) = YoloRowParser.Parse(text, new SourceLocation(labelFile, line), relative, dataset.ClassNames);
                    if (box is not null)
                    {
                        boxes.Add(box);
                    }
                    else
                    {
                        yield return ManifestItem.Reject(rejected!);
                    }
                }
            }

            yield return ManifestItem.Of(new ManifestImage(relative, null, null, boxes, new SourceLocation(File.Exists(labelFile) ? labelFile : imageFile, 0)));
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Finds the descriptor: a data.yaml / obj.data path, or a folder holding one of them.</summary>
    public static YoloDataset Load(string manifestPath, ManifestReadOptions options)
    {
        string Pick(params string[] names) => names.Select(n => Path.Combine(manifestPath, n)).FirstOrDefault(File.Exists) ?? "";

        var descriptor = Directory.Exists(manifestPath) ? Pick("data.yaml", "data.yml", "obj.data") : manifestPath;
        if (!File.Exists(descriptor))
        {
            throw ManifestException.NotFound(manifestPath, "YOLO data.yaml or obj.data");
        }

        return Path.GetExtension(descriptor).ToLowerInvariant() is ".yaml" or ".yml"
            ? YoloUltralyticsLayout.Load(descriptor, options)
            : YoloDarknetLayout.Load(descriptor, options);
    }
}
