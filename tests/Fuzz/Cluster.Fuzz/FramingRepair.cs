using System.Buffers.Binary;
using System.IO.Hashing;

namespace Cluster.Fuzz;

/// <summary>Rewrites both masked CRC-32C of every frame that fits in the input (TensorFlow's formula, written out here), so
/// mutated lengths and payloads get past the checksums and reach the reader's buffering, growth and truncation paths.</summary>
internal static class FramingRepair
{
    public static byte[] RepairCrcs(byte[] input)
    {
        var bytes = (byte[])input.Clone();
        long offset = 0;
        while (offset + 12 <= bytes.Length)
        {
            var header = bytes.AsSpan((int)offset, 12);
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Masked(header[..8]));
            var length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            if (offset + 16 > bytes.Length || length > (ulong)(bytes.Length - offset - 16))
            {
                break;
            }

            var data = bytes.AsSpan((int)(offset + 12), (int)length);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)(offset + 12 + (long)length), 4), Masked(data));
            offset += 16 + (long)length;
        }

        return bytes;
    }

    private static uint Masked(ReadOnlySpan<byte> data)
    {
        var crc = Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data);
        return unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
    }
}
