using System.Buffers;
using System.Buffers.Binary;

namespace Cluster.Formats.TfRecords;

/// <summary>Parsing records out of the buffer: header, payload, footer, and the three outcomes.</summary>
public sealed partial class TfRecordReader
{
    private int Available => _end - _position;

    /// <summary>Called when fewer than 12 bytes are left: zero is a clean end of file, anything else a cut header.</summary>
    private bool AtEndOfHeader() =>
        Available == 0
            ? false
            : throw TruncatedRecordException.Create(FilePath, Position, "length header", Available, TfRecordFraming.HeaderSize);

    /// <summary>Checks the header at the current position and returns the payload length.</summary>
    private int ParseHeader()
    {
        if (!TfRecordFraming.TryReadHeader(_buffer.AsSpan(_position, TfRecordFraming.HeaderSize), out var length, out var stored, out var actual))
        {
            throw CorruptedRecordException.LengthChecksumMismatch(FilePath, Position, stored, actual);
        }

        if (_knownLength is { } total)
        {
            var remaining = total - Position - TfRecordFraming.HeaderSize;
            if ((ulong)remaining < length)
            {
                throw TruncatedRecordException.Create(FilePath, Position, "payload", remaining, (long)Math.Min(length, long.MaxValue));
            }

            if ((ulong)remaining - length < TfRecordFraming.FooterSize)
            {
                throw TruncatedRecordException.Create(FilePath, Position, "data CRC", remaining - (long)length, TfRecordFraming.FooterSize);
            }
        }

        return length <= (ulong)_maxRecordLength ? (int)length : throw CorruptedRecordException.LengthTooLarge(FilePath, Position, length, _maxRecordLength);
    }

    /// <summary>The stream ended inside the payload or the footer of a record of <paramref name="length"/> bytes.</summary>
    private TruncatedRecordException ShortRecord(int length)
    {
        var payload = Available - TfRecordFraming.HeaderSize;
        return payload < length
            ? TruncatedRecordException.Create(FilePath, Position, "payload", payload, length)
            : TruncatedRecordException.Create(FilePath, Position, "data CRC", payload - length, TfRecordFraming.FooterSize);
    }

    /// <summary>Checks the data CRC of the complete record at the current position and returns its payload.</summary>
    private ReadOnlyMemory<byte> Accept(int length)
    {
        var data = _buffer.AsMemory(_position + TfRecordFraming.HeaderSize, length);
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_position + TfRecordFraming.HeaderSize + length));
        var actual = MaskedCrc32C.Compute(data.Span);
        if (stored != actual)
        {
            throw CorruptedRecordException.DataChecksumMismatch(FilePath, Position, stored, actual);
        }

        LastRecordOffset = Position;
        RecordCount++;
        _position += TfRecordFraming.Overhead + length;
        return data;
    }

    /// <summary>Makes room for <paramref name="need"/> bytes from the current position: moves the tail to the front, grows if needed.</summary>
    private bool PrepareFor(int need)
    {
        if (_position > 0)
        {
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, Available);
            _bufferOffset += _position;
            _end -= _position;
            _position = 0;
        }

        return need <= _buffer.Length;
    }

    /// <summary>Grows the buffer when it is full but a record needs more; doubling only as bytes arrive bounds memory by the data actually present.</summary>
    private void GrowIfFull(int need)
    {
        if (_end < _buffer.Length)
        {
            return;
        }

        var size = (int)Math.Min(need, Math.Min((long)_buffer.Length * 2, Array.MaxLength));
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private CorruptedRecordException Damaged(InvalidDataException e) =>
        CorruptedRecordException.CompressedStreamDamaged(FilePath, Position, e);
}
