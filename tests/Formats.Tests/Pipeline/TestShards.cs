using Cluster.Formats.Datasets;
using Cluster.Formats.Examples;
using Cluster.Formats.Pipeline;
using Cluster.Formats.TfRecords;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace Cluster.Formats.Tests.Pipeline;

/// <summary>
/// Shards written for the pipeline tests with <see cref="TfRecordWriter"/> + <see cref="DetectionExample"/>: shard k
/// holds records whose source_id is <c>"{letter of k}{i}"</c> (a0, a1, ..., b0, ...), each a small JPEG with one box.
/// </summary>
internal sealed class TestShards
{
    private static readonly Lazy<byte[]> TinyJpeg = new(() => Jpeg(16, 12));

    private TestShards(string folder, IReadOnlyList<string> paths, IReadOnlyDictionary<(int, long), string> ids)
    {
        Folder = folder;
        Paths = paths;
        Ids = ids;
    }

    public string Folder { get; }

    public IReadOnlyList<string> Paths { get; }

    /// <summary>source_id by (shard index, record offset).</summary>
    public IReadOnlyDictionary<(int Shard, long Offset), string> Ids { get; }

    public IEnumerable<string> AllIds => Ids.Values;

    public string Id(RecordHandle handle) => Ids[(handle.Shard, handle.Offset)];

    public static string IdOf(int shard, int record) => $"{(char)('a' + shard)}{record}";

    /// <summary>Writes one shard per count into <paramref name="folder"/>, with a summary.json; with <paramref name="idx"/> a .idx beside each.</summary>
    public static TestShards Write(string folder, int[] counts, bool idx = false, byte[]? image = null)
    {
        var paths = new List<string>();
        var ids = new Dictionary<(int, long), string>();
        var summaries = new List<ShardSummary>();
        for (var shard = 0; shard < counts.Length; shard++)
        {
            var name = ShardNames.Format("test", shard, counts.Length);
            var path = Path.Combine(folder, name);
            var entries = new List<(long, long)>();
            using (var writer = TfRecordWriter.Create(path))
            {
                for (var i = 0; i < counts[shard]; i++)
                {
                    var id = IdOf(shard, i);
                    var bytes = Example(id, image ?? TinyJpeg.Value, 16, 12).ToByteArray();
                    var offset = writer.Write(bytes);
                    ids[(shard, offset)] = id;
                    entries.Add((offset, bytes.Length + 16L));
                }
            }

            if (idx)
            {
                Cluster.Formats.Indexes.TfRecordIndex.Write(path + ".idx", entries);
            }

            paths.Add(path);
            summaries.Add(new ShardSummary(shard, name, counts[shard], new FileInfo(path).Length, ""));
        }

        new DatasetSummary { Name = "test", Shards = summaries }.Save(Path.Combine(folder, DatasetSummary.FileName));
        return new TestShards(folder, paths, ids);
    }

    public static DetectionExample Example(string id, byte[] jpeg, int width, int height, params DetectionObject[] objects) => new()
    {
        Width = width,
        Height = height,
        Filename = id + ".jpg",
        SourceId = id,
        Sha256 = DetectionExample.Sha256Hex(jpeg),
        Encoded = jpeg,
        Objects = objects.Length > 0 ? objects : [new DetectionObject(0.25f, 0.75f, 0.25f, 0.5f, "thing", 1)],
    };

    public static byte[] Jpeg(int width, int height, Action<Image<Rgb24>>? draw = null)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(40, 80, 120));
        draw?.Invoke(image);
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = 95 });
        return stream.ToArray();
    }

    /// <summary>A shard source over these shards, in listed order unless <paramref name="shuffleFiles"/>.</summary>
    public ShardSource Source(long seed = 0, bool shuffleFiles = false, CorruptRecordPolicy onCorrupt = CorruptRecordPolicy.Fail) =>
        ShardSource.FromFiles(Paths, seed, shuffleFiles, onCorrupt);

    public static string IdOf(ShardRecord record) => DetectionExample.Parse(record.Data.Span).SourceId;

    public static string[] IdsOf(RecordBatch batch) => [.. batch.Records.Select(IdOf)];
}
