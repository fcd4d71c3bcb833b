using System.Runtime.CompilerServices;

namespace Cluster.Formats.Manifests;

/// <summary>Reads COCO instances JSON in two streamed passes with <see cref="System.Text.Json.Utf8JsonReader"/>; the
/// document is never deserialized whole. Pass 1 indexes categories and images and counts annotations per image; pass 2
/// builds boxes and emits an image as soon as its last annotation has been read. When annotations are not grouped by
/// image and exceed <see cref="ManifestReadOptions.CocoAnnotationsInMemory"/>, they are spilled to temporary bucket files
/// by image order. Box sources are (file, 1-based annotation index).</summary>
internal static class CocoManifestReader
{
    public static async IAsyncEnumerable<ManifestItem> ReadAsync(string path, ManifestReadOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw ManifestException.NotFound(path, "COCO JSON");
        }

        var index = CocoIndex.Build(path, options, ct);
        var spill = !index.AnnotationsGrouped && index.AnnotationTotal > options.CocoAnnotationsInMemory;
        using var buckets = spill ? new CocoSpillBuckets(index, options) { SourcePath = path } : null;
        var pending = new Dictionary<int, List<ManifestBox>>();
        var seen = new int[index.Images.Count];
        using var cursor = new JsonStreamCursor(File.OpenRead(path), path, options.MaxJsonValueBytes);
        cursor.EnterRootObject();
        while (cursor.NextPropertyName() is { } name)
        {
            if (name != "annotations")
            {
                cursor.SkipValue();
                continue;
            }

            if (!cursor.EnterArrayOrSkip())
            {
                throw ManifestException.AtOffset(path, cursor.Offset, "'annotations' must be an array");
            }

            var record = 0L;
            while (cursor.TryNextElement(out var element, out var offset))
            {
                ct.ThrowIfCancellationRequested();
                record++;
                var source = new SourceLocation(path, record);
                var (ordinal, box, rejected) = Parse(element.Span, index, source, offset);
                if (rejected is not null)
                {
                    yield return ManifestItem.Reject(rejected);
                }

                if (ordinal < 0)
                {
                    continue;
                }

                if (buckets is not null)
                {
                    if (box is not null)
                    {
                        buckets.Add(ordinal, box);
                    }

                    continue;
                }

                if (!pending.TryGetValue(ordinal, out var boxes))
                {
                    pending[ordinal] = boxes = [];
                }

                if (box is not null)
                {
                    boxes.Add(box);
                }

                if (++seen[ordinal] == index.AnnotationCounts[ordinal])
                {
                    pending.Remove(ordinal);
                    yield return ManifestItem.Of(ToImage(index, ordinal, boxes, path));
                }
            }
        }

        if (buckets is not null)
        {
            foreach (var (ordinal, boxes) in buckets.Drain())
            {
                yield return ManifestItem.Of(ToImage(index, ordinal, boxes, path));
            }

            yield break;
        }

        foreach (var ordinal in pending.Keys.Order().ToList())
        {
            // Only reached when pass 2 rejected a row pass 1 had counted for this image.
            yield return ManifestItem.Of(ToImage(index, ordinal, pending[ordinal], path));
        }

        for (var ordinal = 0; ordinal < index.Images.Count; ordinal++)
        {
            if (index.AnnotationCounts[ordinal] == 0)
            {
                yield return ManifestItem.Of(ToImage(index, ordinal, [], path));
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static (int Ordinal, ManifestBox? Box, QuarantineEntry? Rejected) Parse(ReadOnlySpan<byte> element, CocoIndex index, SourceLocation source, long offset)
    {
        try
        {
            return CocoBoxFactory.Create(CocoElementParser.Annotation(element), index, source);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            // The ordinal is unknown, so the image is emitted without this row; it is counted here instead.
            var entry = QuarantineEntry.For(source, null, null, QuarantineReasons.MalformedRow, $"annotation at byte offset {offset}: {e.Message}");
            return (-1, null, entry);
        }
    }

    internal static ManifestImage ToImage(CocoIndex index, int ordinal, IReadOnlyList<ManifestBox> boxes, string path)
    {
        var image = index.Images[ordinal];
        return new ManifestImage(image.FileName, image.Width, image.Height, boxes, new SourceLocation(path, ordinal + 1L));
    }
}
