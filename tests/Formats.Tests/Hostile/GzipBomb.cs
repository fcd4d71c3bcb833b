using System.IO.Compression;
using Cluster.Formats.Tests.TfRecords;
using Cluster.Formats.TfRecords;

namespace Cluster.Formats.Tests.Hostile;

/// <summary>Small GZIP files that expand enormously: one deflate member of zeros, repeated as concatenated members
/// (which GZIP readers decode as one stream), so a file of about a megabyte inflates to gigabytes.</summary>
internal static class GzipBomb
{
    public static byte[] Gzip(ReadOnlySpan<byte> bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    /// <summary><paramref name="prefix"/> followed by <paramref name="zeroMiB"/> MiB of zeros, as a multi-member GZIP file.</summary>
    public static byte[] Zeros(byte[] prefix, int zeroMiB)
    {
        var member = Gzip(new byte[HostileRun.MiB]);
        using var file = new MemoryStream();
        file.Write(Gzip(prefix));
        for (var i = 0; i < zeroMiB; i++)
        {
            file.Write(member);
        }

        return file.ToArray();
    }

    /// <summary><paramref name="count"/> valid records of <paramref name="recordMiB"/> MiB of zeros each, in one GZIP member.</summary>
    public static byte[] ValidRecordsOfZeros(int count, int recordMiB)
    {
        var record = TfRecordFiles.Write([new byte[recordMiB * HostileRun.MiB]]);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var i = 0; i < count; i++)
            {
                gzip.Write(record);
            }
        }

        return buffer.ToArray();
    }

    public static TfRecordReader Reader(byte[] gz) =>
        new(new MemoryStream(gz), "bomb.tfrecord.gz", new TfRecordReaderOptions { Compression = TfRecordCompression.Gzip });

    public static byte[] HeaderClaiming(ulong length) => CorruptFiles.Header(length);
}
