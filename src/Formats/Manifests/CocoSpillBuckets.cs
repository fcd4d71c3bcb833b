namespace Cluster.Formats.Manifests;

/// <summary>Holds the boxes of an ungrouped COCO file outside memory: each box goes to the temporary file of its
/// image-order bucket (a range of images with at most <see cref="ManifestReadOptions.CocoAnnotationsInMemory"/>
/// annotations); <see cref="Drain"/> then loads one bucket at a time and yields its images in image order.</summary>
internal sealed class CocoSpillBuckets : IDisposable
{
    private readonly CocoIndex _index;
    private readonly string _folder;
    private readonly int[] _bucketOfOrdinal;
    private readonly List<int> _firstOrdinal = [];
    private readonly Dictionary<int, BinaryWriter> _writers = [];

    public CocoSpillBuckets(CocoIndex index, ManifestReadOptions options)
    {
        _index = index;
        _folder = Path.Combine(options.TempDirectory ?? Path.GetTempPath(), $"cluster-coco-spill-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        _bucketOfOrdinal = new int[index.Images.Count];
        long inBucket = 0;
        for (var ordinal = 0; ordinal < index.Images.Count; ordinal++)
        {
            var count = index.AnnotationCounts[ordinal];
            if (_firstOrdinal.Count == 0 || (inBucket > 0 && inBucket + count > options.CocoAnnotationsInMemory))
            {
                _firstOrdinal.Add(ordinal);
                inBucket = 0;
            }

            inBucket += count;
            _bucketOfOrdinal[ordinal] = _firstOrdinal.Count - 1;
        }
    }

    public void Add(int ordinal, ManifestBox box)
    {
        var bucket = _bucketOfOrdinal[ordinal];
        if (!_writers.TryGetValue(bucket, out var writer))
        {
            _writers[bucket] = writer = new BinaryWriter(new BufferedStream(File.Create(BucketPath(bucket)), 16 * 1024));
        }

        writer.Write(ordinal);
        writer.Write(box.Source.Line);
        writer.Write(box.XMin);
        writer.Write(box.YMin);
        writer.Write(box.XMax);
        writer.Write(box.YMax);
        writer.Write(box.ClassId ?? 0);
        writer.Write(box.IsCrowd);
        writer.Write(box.Area.HasValue);
        writer.Write(box.Area ?? 0);
    }

    public IEnumerable<(int Ordinal, IReadOnlyList<ManifestBox> Boxes)> Drain()
    {
        foreach (var writer in _writers.Values)
        {
            writer.Dispose();
        }

        _writers.Clear();
        for (var bucket = 0; bucket < _firstOrdinal.Count; bucket++)
        {
            var first = _firstOrdinal[bucket];
            var end = bucket + 1 < _firstOrdinal.Count ? _firstOrdinal[bucket + 1] : _index.Images.Count;
            var boxes = Load(bucket, first, end - first);
            for (var ordinal = first; ordinal < end; ordinal++)
            {
                yield return (ordinal, boxes[ordinal - first] ?? []);
            }
        }
    }

    private List<ManifestBox>?[] Load(int bucket, int first, int count)
    {
        var boxes = new List<ManifestBox>?[count];
        var path = BucketPath(bucket);
        if (!File.Exists(path))
        {
            return boxes;
        }

        using var reader = new BinaryReader(new BufferedStream(File.OpenRead(path), 16 * 1024));
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            var ordinal = reader.ReadInt32();
            var line = reader.ReadInt64();
            double x0 = reader.ReadDouble(), y0 = reader.ReadDouble(), x1 = reader.ReadDouble(), y1 = reader.ReadDouble();
            var classId = reader.ReadInt32();
            var crowd = reader.ReadBoolean();
            var hasArea = reader.ReadBoolean();
            var area = reader.ReadDouble();
            var box = new ManifestBox(x0, y0, x1, y1, _index.Categories[classId], classId, false, false, null, crowd,
                hasArea ? area : null, new SourceLocation(SourcePath, line));
            (boxes[ordinal - first] ??= []).Add(box);
        }

        File.Delete(path);
        return boxes;
    }

    /// <summary>The COCO file the boxes came from (set by the reader before draining).</summary>
    public string SourcePath { get; set; } = "";

    private string BucketPath(int bucket) => Path.Combine(_folder, $"bucket-{bucket:D5}.bin");

    public void Dispose()
    {
        foreach (var writer in _writers.Values)
        {
            writer.Dispose();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
