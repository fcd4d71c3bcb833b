using System.Buffers;

namespace Cluster.Formats.TfRecords;

/// <summary>Synchronous buffer filling, compression sniffing and skip accounting.</summary>
public sealed partial class TfRecordReader
{
    private static (TfRecordCompression, Stream) SniffCompression(Stream stream)
    {
        var head = new byte[TfRecordFraming.HeaderSize];
        if (stream.CanSeek)
        {
            var start = stream.Position;
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            stream.Position = start;
            return (TfRecordStreams.Sniff(head.AsSpan(0, read)), stream);
        }

        var got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return (TfRecordStreams.Sniff(head.AsSpan(0, got)), new PrefixedReadStream(head[..got], stream));
    }

    /// <summary>True when <paramref name="need"/> bytes from the current position are in the buffer; false at end of stream.</summary>
    private bool Ensure(int need)
    {
        if (Available >= need)
        {
            return true;
        }

        if (_endOfStream)
        {
            return false;
        }

        PrepareFor(need);
        while (_end < need)
        {
            GrowIfFull(need);
            var n = ReadRaw(_buffer.AsSpan(_end));
            if (n == 0)
            {
                _endOfStream = true;
                return false;
            }

            _end += n;
        }

        return true;
    }

    private int ReadRaw(Span<byte> into)
    {
        try
        {
            return _stream.Read(into);
        }
        catch (InvalidDataException e)
        {
            throw Damaged(e);
        }
    }

    /// <summary>Stops at the first bad record and counts what is lost from it to the end of the stream.</summary>
    private void SkipToEnd(TfRecordException reason)
    {
        _stopped = true;
        SkipReason = reason;
        var records = 1L;
        try
        {
            if (TryFrameLength(out var length) && Discard(TfRecordFraming.Overhead + length))
            {
                while (Ensure(TfRecordFraming.HeaderSize) && TryFrameLength(out length))
                {
                    records++;
                    if (!Discard(TfRecordFraming.Overhead + length))
                    {
                        break;
                    }
                }
            }

            Discard(long.MaxValue);
        }
        catch (TfRecordException)
        {
            // The compressed stream is damaged beyond this point: count only what could be decoded.
        }

        SkippedRecords = records;
        SkippedBytes = _bufferOffset + _end - reason.Offset;
    }

    private bool TryFrameLength(out long length)
    {
        length = 0;
        if (Available < TfRecordFraming.HeaderSize ||
            !TfRecordFraming.TryReadHeader(_buffer.AsSpan(_position, TfRecordFraming.HeaderSize), out var raw, out _, out _) ||
            raw > (ulong)_maxRecordLength)
        {
            return false;
        }

        length = (long)raw;
        return true;
    }

    /// <summary>Consumes <paramref name="count"/> bytes without keeping them; false if the stream ends first.</summary>
    private bool Discard(long count)
    {
        while (count > 0)
        {
            if (Available == 0)
            {
                _bufferOffset += _end;
                _position = _end = 0;
                var n = _endOfStream ? 0 : ReadRaw(_buffer);
                if (n == 0)
                {
                    _endOfStream = true;
                    return false;
                }

                _end = n;
            }

            var take = (int)Math.Min(Available, count);
            _position += take;
            count -= take;
        }

        return true;
    }
}
