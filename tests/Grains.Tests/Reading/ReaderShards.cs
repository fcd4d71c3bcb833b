using Cluster.Formats.Datasets;
using Cluster.Formats.Examples;
using Cluster.Formats.TfRecords;

namespace Cluster.Grains.Tests.Reading;

/// <summary>
/// A dataset folder for the reader-grain tests: shards of detection examples whose source_ids are <c>SHARD-I</c>, each
/// with a few distinct bytes standing in for the encoded image (the reader never decodes), and a summary.json.
/// </summary>
internal static class ReaderShards
{
    /// <summary>Writes one shard per count into <paramref name="folder"/>; returns every source_id.</summary>
    public static IReadOnlyList<string> Write(string folder, params int[] counts)
    {
        Directory.CreateDirectory(folder);
        var ids = new List<string>();
        var shards = new List<ShardSummary>();
        for (var shard = 0; shard < counts.Length; shard++)
        {
            var name = ShardNames.Format("grain", shard, counts.Length);
            using (var writer = TfRecordWriter.Create(Path.Combine(folder, name)))
            {
                for (var i = 0; i < counts[shard]; i++)
                {
                    var id = $"{shard}-{i}";
                    byte[] image = [0xFF, 0xD8, (byte)shard, (byte)i, (byte)(i >> 8), 0xFF, 0xD9];
                    writer.Write(new DetectionExample
                    {
                        SourceId = id,
                        Filename = id + ".jpg",
                        Width = 8,
                        Height = 8,
                        Encoded = image,
                        Objects = [new DetectionObject(0.1f, 0.9f, 0.2f, 0.8f, "thing", 1)],
                    }.ToByteArray());
                    ids.Add(id);
                }
            }

            shards.Add(new ShardSummary(shard, name, counts[shard], new FileInfo(Path.Combine(folder, name)).Length, ""));
        }

        new DatasetSummary { Name = "grain", Shards = shards }.Save(Path.Combine(folder, DatasetSummary.FileName));
        return ids;
    }
}
