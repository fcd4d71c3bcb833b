using Cluster.Formats.TfRecords;
using static Cluster.Formats.Tests.Hostile.HostileRun;

namespace Cluster.Formats.Tests.Hostile;

/// <summary>GZIP bombs: a file of about a megabyte must never make the reader hold what it expands to.
/// Bound asserted: at most 64 MiB allocated by the reading thread, for inputs that inflate to 256 MiB to 1.5 GiB.</summary>
public sealed class GzipBombTests
{
    private const long Bound = 64 * MiB;

    [Fact]
    public async Task ReadNext_GzipOfOneGiBOfZeros_FailsAtOffsetZeroWithoutInflatingIt()
    {
        var gz = GzipBomb.Zeros([], zeroMiB: 1024);
        Assert.True(gz.Length < 2 * MiB, $"bomb is {gz.Length} bytes");

        var (e, allocated) = await FailsAsync<CorruptedRecordException>(() =>
        {
            using var reader = GzipBomb.Reader(gz);
            reader.TryReadNext(out _);
        });

        Assert.Equal(0, e.Offset);
        Assert.StartsWith("corrupted record at offset 0 in bomb.tfrecord.gz: length CRC mismatch", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < Bound, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task ReadNext_GzipBombClaimingOneHugeRecord_RejectedBeforeAllocating()
    {
        var gz = GzipBomb.Zeros(GzipBomb.HeaderClaiming(1536UL << 20), zeroMiB: 1536);

        var (e, allocated) = await FailsAsync<CorruptedRecordException>(() =>
        {
            using var reader = GzipBomb.Reader(gz);
            reader.TryReadNext(out _);
        });

        Assert.Equal(0, e.Offset);
        Assert.Contains("record length 1610612736 exceeds the largest supported record (268435456 bytes", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < Bound, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task ReadAll_GzipBombOfValidRecords_StreamsWithBoundedMemory()
    {
        var gz = GzipBomb.ValidRecordsOfZeros(count: 32, recordMiB: 8);
        Assert.True(gz.Length < 4 * MiB, $"bomb is {gz.Length} bytes for 256 MiB of records");

        var (records, allocated) = await MeasuredAsync(() =>
        {
            using var reader = GzipBomb.Reader(gz);
            var count = 0;
            while (reader.TryReadNext(out var record))
            {
                Assert.Equal(8 * MiB, record.Length);
                count++;
            }

            return count;
        });

        Assert.Equal(32, records);
        Assert.True(allocated < Bound, $"allocated {allocated} bytes to stream 256 MiB");
    }

    [Fact]
    public async Task ReadNext_RecordAboveConfiguredLimit_RejectedNamingTheOption()
    {
        var gz = GzipBomb.ValidRecordsOfZeros(count: 1, recordMiB: 8);

        var (e, allocated) = await FailsAsync<CorruptedRecordException>(() =>
        {
            using var reader = new TfRecordReader(new MemoryStream(gz), "small.tfrecord.gz", new TfRecordReaderOptions { MaxRecordLength = 4 * MiB });
            reader.TryReadNext(out _);
        });

        Assert.Contains("TfRecordReaderOptions.MaxRecordLength", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 8 * MiB, $"allocated {allocated} bytes");
    }
}
