namespace Cluster.Formats.Pipeline;

/// <summary>Records skipped under <see cref="TfRecords.CorruptRecordPolicy.Skip"/>: where, how many, and why.</summary>
public sealed record ReadLoss(string File, long Offset, long Records, long Bytes, string Reason);
