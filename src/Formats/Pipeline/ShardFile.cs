namespace Cluster.Formats.Pipeline;

/// <summary>One shard of the dataset being read: its position in the dataset's shard list (stable across epochs), its
/// path, and the record count the dataset's summary promises (<c>null</c> when unknown).</summary>
public sealed record ShardFile(int Index, string Path, long? ExpectedRecords = null);
