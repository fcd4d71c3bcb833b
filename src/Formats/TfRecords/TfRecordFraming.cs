using System.Buffers.Binary;

namespace Cluster.Formats.TfRecords;

/// <summary>
/// The TFRecord layout (tensorflow/core/lib/io/record_writer.h):
/// <code>
/// uint64 length                       (little-endian)
/// uint32 masked_crc32c_of_length
/// byte   data[length]
/// uint32 masked_crc32c_of_data
/// </code>
/// </summary>
internal static class TfRecordFraming
{
    public const int HeaderSize = 12;
    public const int FooterSize = 4;
    public const int Overhead = HeaderSize + FooterSize;

    public static void WriteHeader(Span<byte> header, int length)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc32C.Compute(header[..8]));
    }

    public static void WriteFooter(Span<byte> footer, ReadOnlySpan<byte> data) =>
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc32C.Compute(data));

    /// <summary>True when the header's length CRC matches; <paramref name="length"/> is the stored length either way.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> header, out ulong length, out uint stored, out uint actual)
    {
        length = BinaryPrimitives.ReadUInt64LittleEndian(header);
        stored = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        actual = MaskedCrc32C.Compute(header[..8]);
        return stored == actual;
    }
}
