using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Cluster.Formats.TfRecords;

/// <summary>
/// Decompresses GZIP or ZLIB and, at the end, checks the trailer that <see cref="GZipStream"/> and
/// <see cref="ZLibStream"/> do not: both report end-of-stream on a file cut anywhere before its trailer as if the file
/// were complete, so records after the cut would be lost without an error. GZIP's trailer is the CRC-32 and size of the
/// decoded bytes; ZLIB's is their Adler-32. A mismatch throws <see cref="InvalidDataException"/>, which the reader turns
/// into a <see cref="CorruptedRecordException"/> at the offset reached. One GZIP member per file, as TensorFlow and
/// <see cref="TfRecordWriter"/> write; an empty file holds no records.
/// </summary>
internal sealed class TrailerCheckedReadStream : ForwardReadStream
{
    private readonly TailRecordingStream _raw;
    private readonly Stream _decompressor;
    private readonly Crc32? _crc;
    private readonly Adler32? _adler;
    private readonly bool _gzip;
    private long _decoded;
    private bool _trailerChecked;

    public TrailerCheckedReadStream(Stream raw, TfRecordCompression compression)
    {
        _raw = new TailRecordingStream(raw);
        _gzip = compression == TfRecordCompression.Gzip;
        _decompressor = _gzip
            ? new GZipStream(_raw, CompressionMode.Decompress, leaveOpen: true)
            : new ZLibStream(_raw, CompressionMode.Decompress, leaveOpen: true);
        (_crc, _adler) = _gzip ? (new Crc32(), (Adler32?)null) : (null, new Adler32());
    }

    public override int Read(Span<byte> buffer) => Decoded(buffer, _decompressor.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _decompressor.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Decoded(buffer.Span, read);
    }

    private int Decoded(ReadOnlySpan<byte> buffer, int read)
    {
        if (read > 0)
        {
            _crc?.Append(buffer[..read]);
            _adler?.Append(buffer[..read]);
            _decoded += read;
        }
        else if (buffer.Length > 0 && !_trailerChecked)
        {
            _trailerChecked = true;
            CheckTrailer();
        }

        return read;
    }

    private void CheckTrailer()
    {
        if (_raw.TotalRead == 0)
        {
            return;
        }

        var tail = _raw.Tail;
        var complete = _gzip
            ? tail.Length == TailRecordingStream.TailSize &&
              BinaryPrimitives.ReadUInt32LittleEndian(tail) == _crc!.GetCurrentHashAsUInt32() &&
              BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]) == unchecked((uint)_decoded)
            : tail.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(tail[^4..]) == _adler!.GetCurrentHashAsUInt32();
        if (!complete)
        {
            throw new InvalidDataException(
                $"the {(_gzip ? "GZIP" : "ZLIB")} data ends after {_raw.TotalRead} compressed bytes without a trailer matching the {_decoded} bytes decoded; " +
                "the file is truncated" + (_gzip ? " (or concatenates several GZIP members, which is not supported)" : ""));
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decompressor.Dispose();
            _raw.Dispose();
        }

        base.Dispose(disposing);
    }
}
