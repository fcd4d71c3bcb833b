using System.Buffers.Binary;
using Cluster.Formats.TfRecords;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// Reads the records a batch of <see cref="RecordHandle"/>s points at, with positioned reads (one per record: header,
/// payload and footer together), and checks the header against the index and both CRCs. A bad record throws
/// (<see cref="CorruptRecordPolicy.Fail"/>, naming the file and offset) or is left out and counted
/// (<see cref="CorruptRecordPolicy.Skip"/>). Thread-safe: a <see cref="ParallelMap{TIn,TOut}"/> runs it on several batches at once.
/// </summary>
public sealed class RecordLoader(ShardCatalog catalog)
{
    private readonly ShardCatalog _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));

    public RecordBatch Load(IReadOnlyList<RecordHandle> handles, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(handles);
        var records = new List<ShardRecord>(handles.Count);
        foreach (var handle in handles)
        {
            ct.ThrowIfCancellationRequested();
            var path = _catalog.FileOf(handle.Shard).Path;
            var (data, error) = _catalog.WithHandle(handle.Shard, file => Read(file, path, handle));
            if (error is null)
            {
                records.Add(new ShardRecord(handle, path, data));
            }
            else if (_catalog.OnCorrupt == CorruptRecordPolicy.Fail)
            {
                throw error;
            }
            else
            {
                _catalog.Tally.Add(new ReadLoss(path, handle.Offset, 1, handle.Length + TfRecordFraming.Overhead, error.Message));
            }
        }

        return new RecordBatch(records, handles.Count);
    }

    private static (ReadOnlyMemory<byte> Data, TfRecordException? Error) Read(Microsoft.Win32.SafeHandles.SafeFileHandle file, string path, RecordHandle handle)
    {
        var frame = new byte[handle.Length + TfRecordFraming.Overhead];
        var read = 0;
        while (read < frame.Length)
        {
            var n = RandomAccess.Read(file, frame.AsSpan(read), handle.Offset + read);
            if (n == 0)
            {
                var part = read < TfRecordFraming.HeaderSize ? "length header" : read < frame.Length - TfRecordFraming.FooterSize ? "payload" : "data CRC";
                return (default, TruncatedRecordException.Create(path, handle.Offset, part, read, frame.Length));
            }

            read += n;
        }

        if (!TfRecordFraming.TryReadHeader(frame, out var length, out var stored, out var actual))
        {
            return (default, CorruptedRecordException.LengthChecksumMismatch(path, handle.Offset, stored, actual));
        }

        if (length != (ulong)handle.Length)
        {
            return (default, new IndexMismatchException(path, handle.Offset, length, handle.Length));
        }

        var data = frame.AsMemory(TfRecordFraming.HeaderSize, handle.Length);
        var storedData = BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(TfRecordFraming.HeaderSize + handle.Length));
        var actualData = MaskedCrc32C.Compute(data.Span);
        return storedData == actualData
            ? (data, null)
            : (default, CorruptedRecordException.DataChecksumMismatch(path, handle.Offset, storedData, actualData));
    }
}
