using System.IO.Hashing;

namespace Cluster.Formats.TfRecords;

/// <summary>
/// The checksum TFRecord framing uses: CRC-32C (Castagnoli) of the bytes, masked as
/// <c>((crc &gt;&gt; 15) | (crc &lt;&lt; 17)) + 0xa282ead8</c> so that a CRC of data holding CRCs stays well mixed.
/// </summary>
public static class MaskedCrc32C
{
    private const uint MaskDelta = 0xa282ead8u;

    /// <summary>The masked CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Mask(Unmasked(data));

    /// <summary>The plain CRC-32C of <paramref name="data"/>.</summary>
    public static uint Unmasked(ReadOnlySpan<byte> data) => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data);

    /// <summary>Applies TensorFlow's mask to a plain CRC-32C.</summary>
    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + MaskDelta;
}
