using System.Buffers;
using System.Buffers.Binary;
using Cluster.Formats.TfRecords;
using Microsoft.Win32.SafeHandles;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// Reads the records a batch of <see cref="RecordHandle"/>s points at into one pooled buffer per batch, copying each
/// frame (header, payload, footer) out of the memory-mapped shard or with one positioned read, and checks the header against the index and both
/// CRCs. A bad record throws (<see cref="CorruptRecordPolicy.Fail"/>, naming the file and offset) or is left out and
/// counted (<see cref="CorruptRecordPolicy.Skip"/>). Thread-safe: a <see cref="ParallelMap{TIn,TOut}"/> runs it on
/// several batches at once.
/// </summary>
public sealed class RecordLoader(ShardCatalog catalog)
{
    private static readonly ArrayPool<byte> Buffers = ArrayPool<byte>.Create(maxArrayLength: 256 << 20, maxArraysPerBucket: 32);
    private readonly ShardCatalog _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));

    public RecordBatch Load(IReadOnlyList<RecordHandle> handles, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(handles);
        var total = 0L;
        foreach (var handle in handles)
        {
            total += handle.Length + TfRecordFraming.Overhead;
        }

        var buffer = total <= 256 << 20 ? Buffers.Rent((int)total) : GC.AllocateUninitializedArray<byte>(checked((int)total));
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
                else if (_catalog.OnCorrupt == CorruptRecordPolicy.Fail)
                {
                    throw error;
                }
                else
                {
                    _catalog.Tally.Add(new ReadLoss(path, handle.Offset, 1, frame.Length, error.Message));
                }
            }
        }
        catch
        {
            Return(buffer);
            throw;
        }

        _catalog.CountLoaded(handles.Count);
        return buffer.Length <= 256 << 20 ? new RecordBatch(records, handles.Count, Buffers, buffer) : new RecordBatch(records, handles.Count);
    }

    private static void Return(byte[] buffer)
    {
        if (buffer.Length <= 256 << 20)
        {
            Buffers.Return(buffer);
        }
    }

    private TfRecordException? ReadFrame(RecordHandle handle, string path, Span<byte> frame)
    {
        if (_catalog.MemoryMap)
        {
            var copied = _catalog.Mapping(handle.Shard).Copy(handle.Offset, frame);
            return copied == frame.Length ? Check(handle, path, frame) : Truncated(handle, path, copied, frame.Length);
        }

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
