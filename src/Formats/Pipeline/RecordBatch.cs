namespace Cluster.Formats.Pipeline;

/// <summary>
/// A batch of encoded records as the reader hands it to a trainer (encoded images plus boxes, never decoded tensors).
/// <see cref="Requested"/> is the batch size the handles asked for; <see cref="Records"/> can be shorter only when
/// corrupt records were skipped, so every rank still gets the same number of batches.
/// The records' bytes may live in one pooled buffer or in memory-mapped shards: <see cref="Dispose"/> returns the buffer
/// or releases the mappings, after which no record's <see cref="ShardRecord.Data"/> may be used. Not disposing is safe
/// (the buffer is then collected, not reused; a mapping is removed once nothing refers to it).
/// </summary>
public sealed class RecordBatch : IDisposable
{
    private Action? _release;

    public RecordBatch(IReadOnlyList<ShardRecord> records, int requested)
    {
        ArgumentNullException.ThrowIfNull(records);
        Records = records;
        Requested = requested;
    }

    /// <summary>A batch whose records' bytes stay valid until <paramref name="release"/> runs (once, on <see cref="Dispose"/>).</summary>
    internal RecordBatch(IReadOnlyList<ShardRecord> records, int requested, Action release)
        : this(records, requested)
    {
        _release = release;
    }

    public IReadOnlyList<ShardRecord> Records { get; }

    public int Requested { get; }

    public int Count => Records.Count;

    public void Dispose()
    {
        Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
