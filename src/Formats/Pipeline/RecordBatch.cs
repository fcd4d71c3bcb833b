namespace Cluster.Formats.Pipeline;

/// <summary>
/// A batch of encoded records as the reader hands it to a trainer (encoded images plus boxes, never decoded tensors).
/// <see cref="Requested"/> is the batch size the handles asked for; <see cref="Records"/> can be shorter only when
/// corrupt records were skipped, so every rank still gets the same number of batches.
/// </summary>
public sealed record RecordBatch(IReadOnlyList<ShardRecord> Records, int Requested)
{
    public int Count => Records.Count;
}
