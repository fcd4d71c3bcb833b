namespace Cluster.Formats.Pipeline;

/// <summary>One record read by the <see cref="RecordLoader"/>: where it came from and its payload (a slice of the memory-mapped shard or of the batch's buffer: valid until the <see cref="RecordBatch"/> is disposed).</summary>
public sealed record ShardRecord(RecordHandle Handle, string File, ReadOnlyMemory<byte> Data);
