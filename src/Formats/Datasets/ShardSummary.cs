namespace Cluster.Formats.Datasets;

/// <summary>One shard of a <see cref="DatasetSummary"/>: its file name (relative to the summary's folder), its record
/// count, its size in bytes as stored, the lower-case hex SHA-256 of the file, and boxes written per class.</summary>
public sealed record ShardSummary(int Index, string File, long Records, long Bytes, string Sha256)
{
    public IReadOnlyDictionary<string, long> BoxesPerClass { get; init; } = new Dictionary<string, long>();
}
