using System.Buffers;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// A batch of encoded records as the reader hands it to a trainer (encoded images plus boxes, never decoded tensors).
/// <see cref="Requested"/> is the batch size the handles asked for; <see cref="Records"/> can be shorter only when
/// corrupt records were skipped, so every rank still gets the same number of batches.
/// The records' bytes may live in one pooled buffer: <see cref="Dispose"/> returns it, after which no record's
/// <see cref="ShardRecord.Data"/> may be used. Not disposing is safe (the buffer is then collected, not reused).
/// </summary>
public sealed class RecordBatch : IDisposable
{
    private ArrayPool<byte>? _pool;
    private byte[]? _buffer;

    public RecordBatch(IReadOnlyList<ShardRecord> records, int requested)
    {
        ArgumentNullException.ThrowIfNull(records);
        Records = records;
        Requested = requested;
    }

    internal RecordBatch(IReadOnlyList<ShardRecord> records, int requested, ArrayPool<byte> pool, byte[] buffer)
        : this(records, requested)
    {
        (_pool, _buffer) = (pool, buffer);
    }

    public IReadOnlyList<ShardRecord> Records { get; }

    public int Requested { get; }

    public int Count => Records.Count;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            _pool!.Return(buffer);
            _pool = null;
        }
    }
}
