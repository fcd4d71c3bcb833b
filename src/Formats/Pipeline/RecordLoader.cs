using System.Buffers;
using System.Buffers.Binary;
using Cluster.Formats.TfRecords;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// Reads the records a batch of <see cref="RecordHandle"/>s points at and checks each frame's header against the index
/// and both CRCs. With <see cref="ShardCatalog.MemoryMap"/> the frames are checked in place in the memory-mapped shard and
/// the records handed out as slices of the mapping (no copy, no system call); otherwise each frame is read with one
/// positioned read into one pooled buffer per batch. A bad record throws (<see cref="CorruptRecordPolicy.Fail"/>, naming
/// the file and offset) or is left out and counted (<see cref="CorruptRecordPolicy.Skip"/>). Thread-safe: a
/// <see cref="ParallelMap{TIn,TOut}"/> runs it on several batches at once.
/// </summary>
public sealed class RecordLoader(ShardCatalog catalog)
{
    private const int MaxPooled = 256 << 20;
    private static readonly ArrayPool<byte> Buffers = ArrayPool<byte>.Create(maxArrayLength: MaxPooled, maxArraysPerBucket: 32);
    private readonly ShardCatalog _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));

    public RecordBatch Load(IReadOnlyList<RecordHandle> handles, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(handles);
        var batch = _catalog.MemoryMap ? LoadMapped(handles, ct) : LoadCopied(handles, ct);
        _catalog.CountLoaded(handles.Count);
        return batch;
    }

    private RecordBatch LoadMapped(IReadOnlyList<RecordHandle> handles, CancellationToken ct)
    {
        var records = new List<ShardRecord>(handles.Count);
        var held = new List<ShardMapping>(4);
        try
        {
            foreach (var handle in handles)
            {
                ct.ThrowIfCancellationRequested();
                var mapping = Hold(handle.Shard, held);
                var frameLength = handle.Length + TfRecordFraming.Overhead;
                var have = handle.Offset < 0 || handle.Length < 0 || handle.Length > TfRecordReaderOptions.DefaultMaxRecordLength
                    ? 0 // not a handle the index gave (a damaged saved state): nothing of it lies in the shard
                    : (int)Math.Clamp(mapping.Length - handle.Offset, 0, frameLength);
                var error = have == frameLength
                    ? Check(handle, mapping.Path, mapping.Span(handle.Offset, frameLength))
                    : Truncated(handle, mapping.Path, have, frameLength);
                if (error is null)
                {
                    records.Add(new ShardRecord(handle, mapping.Path, mapping.Memory(handle.Offset + TfRecordFraming.HeaderSize, handle.Length)));
                }
                else
                {
                    Reject(error, mapping.Path, handle, frameLength);
                }
            }
        }
        catch
        {
            Release(held);
            throw;
        }

        return new RecordBatch(records, handles.Count, () => Release(held));
    }

    /// <summary>The mapping of <paramref name="shard"/>, with one reference held for this batch (in <paramref name="held"/>).</summary>
    private ShardMapping Hold(int shard, List<ShardMapping> held)
    {
        var mapping = _catalog.Mapping(shard);
        if (!held.Contains(mapping))
        {
            if (!mapping.TryAddReference())
            {
                throw new ObjectDisposedException(nameof(ShardCatalog));
            }

            held.Add(mapping);
        }

        return mapping;
    }

    private static void Release(List<ShardMapping> held)
    {
        foreach (var mapping in held)
        {
            mapping.Release();
        }

        held.Clear();
    }

    private RecordBatch LoadCopied(IReadOnlyList<RecordHandle> handles, CancellationToken ct)
    {
        var total = 0L;
        foreach (var handle in handles)
        {
            total += handle.Length + TfRecordFraming.Overhead;
        }

        var pooled = total <= MaxPooled;
        var buffer = pooled ? Buffers.Rent((int)total) : GC.AllocateUninitializedArray<byte>(checked((int)total));
        var records = new List<ShardRecord>(handles.Count);
        var at = 0;
        try
        {
            foreach (var handle in handles)
            {
                ct.ThrowIfCancellationRequested();
                var path = _catalog.FileOf(handle.Shard).Path;
                var frame = buffer.AsMemory(at, handle.Length + TfRecordFraming.Overhead);
                var error = ReadFrame(handle, path, frame.Span);
                if (error is null)
                {
                    records.Add(new ShardRecord(handle, path, frame.Slice(TfRecordFraming.HeaderSize, handle.Length)));
                    at += frame.Length;
                }
                else
                {
                    Reject(error, path, handle, frame.Length);
                }
            }
        }
        catch
        {
            if (pooled)
            {
                Buffers.Return(buffer);
            }

            throw;
        }

        return pooled ? new RecordBatch(records, handles.Count, () => Buffers.Return(buffer)) : new RecordBatch(records, handles.Count);
    }

    /// <summary>Throws <paramref name="error"/> under <see cref="CorruptRecordPolicy.Fail"/>, else counts the record as lost.</summary>
    private void Reject(TfRecordException error, string path, RecordHandle handle, int frameLength)
    {
        if (_catalog.OnCorrupt == CorruptRecordPolicy.Fail)
        {
            throw error;
        }

        _catalog.Tally.Add(new ReadLoss(path, handle.Offset, 1, frameLength, error.Message));
    }

    private TfRecordException? ReadFrame(RecordHandle handle, string path, Span<byte> frame)
    {
        var (file, owned) = _catalog.ReadHandle(handle.Shard);
        try
        {
            var read = 0;
            while (read < frame.Length)
            {
                var n = RandomAccess.Read(file, frame[read..], handle.Offset + read);
                if (n == 0)
                {
                    return Truncated(handle, path, read, frame.Length);
                }

                read += n;
            }
        }
        finally
        {
            if (owned)
            {
                file.Dispose();
            }
        }

        return Check(handle, path, frame);
    }

    private static TruncatedRecordException Truncated(RecordHandle handle, string path, int have, int need)
    {
        var part = have < TfRecordFraming.HeaderSize ? "length header" : have < need - TfRecordFraming.FooterSize ? "payload" : "data CRC";
        return TruncatedRecordException.Create(path, handle.Offset, part, have, need);
    }

    private static TfRecordException? Check(RecordHandle handle, string path, ReadOnlySpan<byte> frame)
    {
        if (!TfRecordFraming.TryReadHeader(frame, out var length, out var stored, out var actual))
        {
            return CorruptedRecordException.LengthChecksumMismatch(path, handle.Offset, stored, actual);
        }

        if (length != (ulong)handle.Length)
        {
            return new IndexMismatchException(path, handle.Offset, length, handle.Length);
        }

        var data = frame.Slice(TfRecordFraming.HeaderSize, handle.Length);
        var storedData = BinaryPrimitives.ReadUInt32LittleEndian(frame[(TfRecordFraming.HeaderSize + handle.Length)..]);
        var actualData = MaskedCrc32C.Compute(data);
        return storedData == actualData ? null : CorruptedRecordException.DataChecksumMismatch(path, handle.Offset, storedData, actualData);
    }
}
