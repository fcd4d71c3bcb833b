using Cluster.Formats.Datasets;
using Cluster.Formats.Examples;
using Cluster.Formats.TfRecords;

namespace Cluster.Client.Tests;

/// <summary>A dataset folder for <c>cluster read</c>: shards of detection examples with source_ids a0, a1, ..., b0, ... and a summary.json.</summary>
internal static class ReadShards
{
    public static IReadOnlyList<string> Write(string folder, params int[] counts)
    {
        var ids = new List<string>();
        var shards = new List<ShardSummary>();
        for (var shard = 0; shard < counts.Length; shard++)
        {
            var name = ShardNames.Format("read", shard, counts.Length);
            using (var writer = TfRecordWriter.Create(Path.Combine(folder, name)))
            {
                for (var i = 0; i < counts[shard]; i++)
                {
                    var id = $"{(char)('a' + shard)}{i}";
                    byte[] image = [0xFF, 0xD8, (byte)shard, (byte)i, 0xFF, 0xD9];
                    writer.Write(new DetectionExample { SourceId = id, Filename = id + ".jpg", Width = 1, Height = 1, Encoded = image }.ToByteArray());
                    ids.Add(id);
                }
            }

            shards.Add(new ShardSummary(shard, name, counts[shard], new FileInfo(Path.Combine(folder, name)).Length, ""));
        }

        new DatasetSummary { Name = "read", Shards = shards }.Save(Path.Combine(folder, DatasetSummary.FileName));
        return ids;
    }

    public static string[][] Batches(string stdout) =>
        [.. stdout.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' '))];
}
