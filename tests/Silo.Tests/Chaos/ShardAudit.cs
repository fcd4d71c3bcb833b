using System.Security.Cryptography;
using Cluster.Formats.Examples;
using Cluster.Formats.TfRecords;

namespace Cluster.Silo.Tests.Chaos;

/// <summary>
/// Reads every shard of a finished job back, record by record, and counts its source ids against the manifest's:
/// lost (in the manifest, in no record), duplicated (records beyond the first for an id) and unexpected (not in the
/// manifest); and hashes every shard (SHA-256) to compare with a clean run.
/// </summary>
internal sealed record ShardAudit(int Records, int Lost, int Duplicated, int Unexpected, IReadOnlyDictionary<string, string> Sha256)
{
    public static ShardAudit Of(string outputDir, string prefix, int shardCount, IReadOnlyCollection<string> manifestIds)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var records = 0;
        for (var i = 0; i < shardCount; i++)
        {
            var name = ShardNames.Format(prefix, i, shardCount);
            var path = Path.Combine(outputDir, name);
            if (!File.Exists(path))
            {
                hashes[name] = "missing";
                continue;
            }

            hashes[name] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
            using var reader = TfRecordReader.Open(path);
            while (reader.TryReadNext(out var record))
            {
                records++;
                var id = DetectionExample.Parse(record.Span).SourceId;
                seen[id] = seen.GetValueOrDefault(id) + 1;
            }
        }

        var expected = manifestIds.ToHashSet(StringComparer.Ordinal);
        return new ShardAudit(
            records,
            Lost: expected.Count(id => !seen.ContainsKey(id)),
            Duplicated: seen.Where(p => expected.Contains(p.Key)).Sum(p => p.Value - 1),
            Unexpected: seen.Where(p => !expected.Contains(p.Key)).Sum(p => p.Value),
            hashes);
    }

    /// <summary>True when every shard has the same SHA-256 as in <paramref name="clean"/> (and the same shards exist).</summary>
    public bool IdenticalTo(ShardAudit clean) =>
        Sha256.Count == clean.Sha256.Count && Sha256.All(p => clean.Sha256.TryGetValue(p.Key, out var h) && h == p.Value && h != "missing");
}
