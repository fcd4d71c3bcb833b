using System.Runtime.CompilerServices;
using System.Xml.Linq;

namespace Cluster.Formats.Manifests;

/// <summary>Reads Pascal VOC XML files one at a time (DTDs off). A file that cannot be parsed is one quarantined
/// row (malformed-row, with its line), so one bad file never stops a job.</summary>
internal static class VocManifestReader
{
    public static async IAsyncEnumerable<ManifestItem> ReadAsync(string manifestPath, ManifestReadOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        var imagesFolder = ManifestReaders.DefaultImagesRoot(ManifestFormat.Voc, manifestPath);
        foreach (var xmlPath in VocFiles.Enumerate(manifestPath))
        {
            ct.ThrowIfCancellationRequested();
            foreach (var item in ReadOne(xmlPath, imagesFolder, options))
            {
                yield return item;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    internal static IReadOnlyList<ManifestItem> ReadOne(string xmlPath, string imagesFolder, ManifestReadOptions options)
    {
        XDocument doc;
        try
        {
            if (!File.Exists(xmlPath))
            {
                return [Reject(xmlPath, 0, QuarantineReasons.MalformedRow, "annotation file listed but not found")];
            }

            doc = SafeXml.Load(xmlPath);
        }
        catch (ManifestException e)
        {
            return [Reject(xmlPath, e.Line, QuarantineReasons.MalformedRow, e.Message)];
        }

        var root = doc.Root!;
        var imagePath = VocImageName.Choose(xmlPath, root.Element("filename")?.Value.Trim(), imagesFolder, options);
        var size = root.Element("size");
        int? width = NumberText.TryPixels(size?.Element("width")?.Value, out var w) && w > 0 ? w : null;
        int? height = NumberText.TryPixels(size?.Element("height")?.Value, out var h) && h > 0 ? h : null;
        var boxes = new List<ManifestBox>();
        var rejected = new List<QuarantineEntry>();
        foreach (var obj in root.Elements("object"))
        {
            var parsed = VocObjectParser.Parse(obj, xmlPath, imagePath);
            if (parsed.Box is not null)
            {
                boxes.Add(parsed.Box);
            }
            else
            {
                rejected.Add(parsed.Rejected!);
            }
        }

        var image = new ManifestImage(imagePath, width, height, boxes, new SourceLocation(xmlPath, SafeXml.LineOf(root)));
        return [ManifestItem.Of(image), .. rejected.Select(ManifestItem.Reject)];
    }

    private static ManifestItem Reject(string file, long line, string reason, string detail)
        => ManifestItem.Reject(new QuarantineEntry(file, line, null, null, reason, detail));
}
