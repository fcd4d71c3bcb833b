using System.Buffers;
using Google.Protobuf;

namespace Cluster.Formats.TfRecords;

public sealed partial class TfRecordWriter
{
    /// <summary>
    /// Appends one record holding <paramref name="message"/> serialized, and returns its offset in the uncompressed stream.
    /// The same bytes as <c>Write(message.ToByteArray())</c>, without a new array per record: a record that fits is
    /// serialized straight into the writer's buffer and its CRC computed there; a larger one goes through a pooled buffer.
    /// </summary>
    public long Write(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            var length = message.CalculateSize();
            if (_pendingLength + TfRecordFraming.Overhead + length <= _pending.Length)
            {
                return AppendSerialized(message, length);
            }

            var rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var payload = rented.AsSpan(0, length);
                message.WriteTo(payload);
                return WriteCore(payload);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    private long AppendSerialized(IMessage message, int length)
    {
        var offset = BytesWritten;
        var span = PendingTail(TfRecordFraming.Overhead + length);
        TfRecordFraming.WriteHeader(span, length);
        var payload = span.Slice(TfRecordFraming.HeaderSize, length);
        message.WriteTo(payload);
        TfRecordFraming.WriteFooter(span[(TfRecordFraming.HeaderSize + length)..], payload);
        _pendingLength += span.Length;
        Advance(span.Length);
        return offset;
    }
}
