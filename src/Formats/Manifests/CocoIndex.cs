namespace Cluster.Formats.Manifests;

/// <summary>What the first pass over a COCO file learns: categories, images (in file order) and how many annotations
/// each image has, plus whether annotations of one image are contiguous (then the second pass streams them).</summary>
internal sealed class CocoIndex
{
    public Dictionary<long, string> Categories { get; } = [];

    public CocoImageTable Images { get; } = new();

    public ChunkedList<int> AnnotationCounts { get; } = new();

    public bool AnnotationsGrouped { get; private set; } = true;

    public long AnnotationTotal { get; private set; }

    private int _lastOrdinal = -1;
    private System.Collections.BitArray? _finished;

    public static CocoIndex Build(string path, ManifestReadOptions options, CancellationToken ct)
    {
        var index = new CocoIndex();
        using var cursor = new JsonStreamCursor(File.OpenRead(path), path, options.MaxJsonValueBytes);
        cursor.EnterRootObject();
        while (cursor.NextPropertyName() is { } name)
        {
            if (name is not ("images" or "categories" or "annotations"))
            {
                cursor.SkipValue();
                continue;
            }

            if (!cursor.EnterArrayOrSkip())
            {
                throw ManifestException.AtOffset(path, cursor.Offset, $"'{name}' must be an array");
            }

            var record = 0L;
            while (cursor.TryNextElement(out var element, out var offset))
            {
                ct.ThrowIfCancellationRequested();
                record++;
                index.Add(name, element.Span, path, record, offset, options);
            }

            index._imagesComplete |= name == "images";
        }

        index.Resolve();
        return index;
    }

    private void Add(string array, ReadOnlySpan<byte> element, string path, long record, long offset, ManifestReadOptions options)
    {
        try
        {
            switch (array)
            {
                case "categories":
                    var (id, name) = CocoElementParser.Category(element);
                    if (id is not null && name is not null)
                    {
                        Categories[id.Value] = name;
                    }

                    break;
                case "images":
                    AddImage(CocoElementParser.Image(element), path, record, options);
                    break;
                default:
                    AnnotationTotal++;
                    CountAnnotation(CocoElementParser.AnnotationImageId(element));
                    break;
            }
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8 (Utf8JsonReader.GetString).
            options.OnNotice?.Invoke($"{path}: {array}[{record - 1}] at byte offset {offset} is unusable: {e.Message}");
        }
    }

    private void AddImage(CocoImageEntry? image, string path, long record, ManifestReadOptions options)
    {
        if (image is null || !Images.TryAdd(image))
        {
            options.OnNotice?.Invoke($"{path}: images[{record - 1}] has no id/file_name or repeats an id; its annotations are quarantined as unknown-image");
            return;
        }

        AnnotationCounts.Add(0);
    }

    private void CountAnnotation(long? imageId)
    {
        if (_imagesComplete)
        {
            Count(imageId ?? long.MinValue);
        }
        else
        {
            // Annotations before images (unusual): remember the ids until every image is known.
            _pendingIds.Add(imageId ?? long.MinValue);
        }
    }

    private readonly List<long> _pendingIds = [];
    private bool _imagesComplete;

    private void Count(long id)
    {
        if (!Images.TryGetOrdinal(id, out var ordinal))
        {
            return;
        }

        AnnotationCounts[ordinal]++;
        if (ordinal != _lastOrdinal)
        {
            _finished ??= new System.Collections.BitArray(Images.Count);
            if (_lastOrdinal >= 0)
            {
                _finished[_lastOrdinal] = true;
            }

            if (_finished[ordinal])
            {
                AnnotationsGrouped = false;
            }

            _lastOrdinal = ordinal;
        }
    }

    private void Resolve()
    {
        foreach (var id in _pendingIds)
        {
            Count(id);
        }

        _pendingIds.Clear();
        _pendingIds.TrimExcess();
        _finished = null;
    }
}
