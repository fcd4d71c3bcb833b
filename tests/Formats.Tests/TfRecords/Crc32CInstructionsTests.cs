using System.IO.Hashing;
using Cluster.Formats.TfRecords;

namespace Cluster.Formats.Tests.TfRecords;

public sealed class Crc32CInstructionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(6143)]
    [InlineData(6144)]
    [InlineData(6145)]
    [InlineData(12_295)]
    [InlineData(111_582)]
    [InlineData(1_000_003)]
    public void Compute_AnyLength_MatchesSystemIoHashing(int length)
    {
        var data = new byte[length + 3];
        new Random(length).NextBytes(data);
        for (var start = 0; start < 3; start++)
        {
            var span = data.AsSpan(start, length);
            Assert.Equal(Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, span), Crc32CInstructions.Compute(span));
        }
    }

    [Fact]
    public void IsSupported_X64OrArm64_IsTrue()
    {
        // .NET 10's x64 baseline includes SSE4.2, and Arm64 servers have the CRC32 extension.
        var arch = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture;
        Assert.True(Crc32CInstructions.IsSupported || arch is not (System.Runtime.InteropServices.Architecture.X64 or System.Runtime.InteropServices.Architecture.Arm64));
    }

    [Fact]
    public void Compute_AllOnesAndZeros_MatchesSystemIoHashing()
    {
        var ones = Enumerable.Repeat((byte)0xFF, 3 * 6144).ToArray();
        var zeros = new byte[3 * 6144];
        Assert.Equal(Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, ones), Crc32CInstructions.Compute(ones));
        Assert.Equal(Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, zeros), Crc32CInstructions.Compute(zeros));
    }
}
