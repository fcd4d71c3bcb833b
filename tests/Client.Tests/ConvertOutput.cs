using System.Security.Cryptography;
using Cluster.Formats.Datasets;
using Cluster.Formats.Examples;
using Cluster.Formats.Manifests;
using Cluster.Formats.TfRecords;

namespace Cluster.Client.Tests;

/// <summary>Checks a convert output folder the way a consumer would read it: every shard named in summary.json exists
/// with its recorded size and SHA-256, every record parses, and every row is accounted for.</summary>
internal static class ConvertOutput
{
    public static (DatasetSummary Summary, List<DetectionExample> Examples, List<QuarantineEntry> Quarantined) Check(string outDir, int shards, string name = "data", string extension = ".tfrecord")
    {
        var summary = DatasetSummary.Load(outDir);
        Assert.Equal(shards, summary.Shards.Count);
        var examples = new List<DetectionExample>();
        for (var i = 0; i < shards; i++)
        {
            var entry = summary.Shards[i];
            Assert.Equal($"{name}-{i:D5}-of-{shards:D5}{extension}", entry.File);
            var path = Path.Combine(outDir, entry.File);
            Assert.Equal(entry.Bytes, new FileInfo(path).Length);
            Assert.Equal(entry.Sha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
            Assert.Equal(extension == ".tfrecord", File.Exists(path + ".idx"));
            using var reader = TfRecordReader.Open(path);
            var before = examples.Count;
            while (reader.TryReadNext(out var record))
            {
                examples.Add(DetectionExample.Parse(record.Span));
            }

            Assert.Equal(entry.Records, examples.Count - before);
        }

        var quarantined = QuarantineWriter.ReadAll(Path.Combine(outDir, "quarantine.jsonl")).ToList();
        Assert.Equal(summary.RowsRead, summary.BoxesWritten + summary.RowsQuarantined);
        Assert.Equal(summary.BoxesWritten, examples.Sum(e => e.Objects.Count));
        Assert.Equal(summary.ImagesWritten, examples.Count);
        Assert.Equal(examples.Count, examples.Select(e => e.Filename).Distinct().Count());
        Assert.True(File.Exists(Path.Combine(outDir, "label_map.pbtxt")));
        Assert.Empty(Directory.EnumerateFiles(outDir, "*.tmp"));
        return (summary, examples, quarantined);
    }
}
