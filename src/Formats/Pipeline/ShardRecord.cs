namespace Cluster.Formats.Pipeline;

/// <summary>One record read by the <see cref="RecordLoader"/>: where it came from and its payload (owned, not a reused buffer).</summary>
public sealed record ShardRecord(RecordHandle Handle, string File, ReadOnlyMemory<byte> Data);
