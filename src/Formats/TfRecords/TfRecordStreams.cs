using System.IO.Compression;

namespace Cluster.Formats.TfRecords;

/// <summary>Wraps a raw stream in the (de)compressor a <see cref="TfRecordCompression"/> names.</summary>
internal static class TfRecordStreams
{
    public static Stream ForWriting(Stream raw, TfRecordCompression compression, bool leaveOpen) => compression switch
    {
        TfRecordCompression.None => raw,
        TfRecordCompression.Gzip => new GZipStream(raw, CompressionLevel.Optimal, leaveOpen),
        TfRecordCompression.Zlib => new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "unknown compression"),
    };

    public static Stream ForReading(Stream raw, TfRecordCompression compression) => compression switch
    {
        TfRecordCompression.None => raw,
        TfRecordCompression.Gzip or TfRecordCompression.Zlib => new TrailerCheckedReadStream(raw, compression),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "unknown compression"),
    };

    /// <summary>
    /// Guesses the compression from the first bytes: a valid TFRecord header means none, the GZIP magic means GZIP,
    /// a valid ZLIB header means ZLIB; anything else is read as uncompressed (and fails there with an offset).
    /// </summary>
    public static TfRecordCompression Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= TfRecordFraming.HeaderSize && TfRecordFraming.TryReadHeader(head, out _, out _, out _))
        {
            return TfRecordCompression.None;
        }

        if (head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b)
        {
            return TfRecordCompression.Gzip;
        }

        if (head.Length >= 2 && (head[0] & 0x0f) == 8 && (head[0] >> 4) <= 7 && ((head[0] << 8) | head[1]) % 31 == 0)
        {
            return TfRecordCompression.Zlib;
        }

        return TfRecordCompression.None;
    }
}
