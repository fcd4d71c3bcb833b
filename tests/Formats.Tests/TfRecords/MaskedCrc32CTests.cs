using System.Text;
using Cluster.Formats.TfRecords;

namespace Cluster.Formats.Tests.TfRecords;

public sealed class MaskedCrc32CTests
{
    [Fact]
    public void Unmasked_CheckString_IsCastagnoliCheckValue()
    {
        // The CRC-32C catalogue check value for "123456789".
        Assert.Equal(0xE3069283u, MaskedCrc32C.Unmasked(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Mask_Zero_IsTensorFlowDelta()
    {
        Assert.Equal(0xa282ead8u, MaskedCrc32C.Mask(0));
    }

    [Fact]
    public void Mask_Value_RotatesRightBy15ThenAddsDelta()
    {
        const uint crc = 0x12345678;
        var expected = unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
        Assert.Equal(expected, MaskedCrc32C.Mask(crc));
    }
}
