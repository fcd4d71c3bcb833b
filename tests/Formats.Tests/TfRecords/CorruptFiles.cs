using System.Buffers.Binary;
using System.IO.Hashing;

namespace Cluster.Formats.Tests.TfRecords;

/// <summary>Builds damaged TFRecord bytes for the corrupt-input tests, with a CRC computed independently of the library.</summary>
internal static class CorruptFiles
{
    /// <summary>Three records of 100, 200 and 300 bytes; record k starts at <see cref="Start"/>(k).</summary>
    public static byte[] ThreeRecords() => TfRecordFiles.Write([TfRecordFiles.Payload(100, 1), TfRecordFiles.Payload(200, 2), TfRecordFiles.Payload(300, 3)]);

    public static long Start(int record) => record switch { 0 => 0, 1 => 116, 2 => 332, _ => 648 };

    public static byte[] FlipBit(byte[] file, long offset, int bit = 0)
    {
        var copy = (byte[])file.Clone();
        copy[offset] ^= (byte)(1 << bit);
        return copy;
    }

    /// <summary>A 12-byte header claiming <paramref name="length"/> bytes, with a valid masked CRC (TensorFlow's formula, written out here).</summary>
    public static byte[] Header(ulong length)
    {
        var header = new byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, length);
        var crc = Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, header.AsSpan(0, 8));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u));
        return header;
    }

    /// <summary>The offset of the first record whose length or data CRC does not match, walking frames by hand.</summary>
    public static long FirstBadRecordOffset(byte[] file)
    {
        long offset = 0;
        while (offset + 12 <= file.Length)
        {
            var header = file.AsSpan((int)offset, 12);
            if (!header.SequenceEqual(Header(BinaryPrimitives.ReadUInt64LittleEndian(header))))
            {
                return offset;
            }

            var length = (long)BinaryPrimitives.ReadUInt64LittleEndian(header);
            if (offset + 16 + length > file.Length)
            {
                return offset;
            }

            var data = file.AsSpan((int)offset + 12, (int)length);
            var crc = Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data);
            var masked = unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
            if (masked != BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)(offset + 12 + length), 4)))
            {
                return offset;
            }

            offset += 16 + length;
        }

        return offset == file.Length ? -1 : offset;
    }
}
