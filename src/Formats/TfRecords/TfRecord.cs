namespace Cluster.Formats.TfRecords;

/// <summary>One record's payload and its offset in the uncompressed stream. <see cref="Data"/> is valid until the next read.</summary>
public readonly record struct TfRecord(long Offset, ReadOnlyMemory<byte> Data);
