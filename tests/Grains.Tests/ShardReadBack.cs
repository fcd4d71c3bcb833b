using Cluster.Formats.Examples;
using Cluster.Formats.TfRecords;

namespace Cluster.Grains.Tests;

/// <summary>Reads every record of every shard in a folder back, checking every CRC.</summary>
internal static class ShardReadBack
{
    public static List<DetectionExample> ReadAll(string outputDir, string name)
    {
        var examples = new List<DetectionExample>();
        foreach (var shard in ShardFiles(outputDir, name))
        {
            using var reader = TfRecordReader.Open(shard);
            while (reader.TryReadNext(out var record))
            {
                examples.Add(DetectionExample.Parse(record.Span));
            }
        }

        return examples;
    }

    /// <summary>The published shard files (no temporaries, no .idx), sorted by name.</summary>
    public static List<string> ShardFiles(string outputDir, string name)
        => Directory.EnumerateFiles(outputDir, $"{name}-*-of-*.tfrecord*")
            .Where(f => !f.EndsWith(".idx", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
}
