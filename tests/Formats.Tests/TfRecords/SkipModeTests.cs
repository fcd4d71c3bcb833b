using Cluster.Formats.TfRecords;

namespace Cluster.Formats.Tests.TfRecords;

public sealed class SkipModeTests
{
    private static readonly TfRecordReaderOptions Skip = new() { OnCorrupt = CorruptRecordPolicy.Skip };

    [Fact]
    public void Skip_CorruptPetsRecord_CountsOneRecordAndAllBytesLost()
    {
        using var reader = TfRecordReader.Open(SharedRecords.CorruptPets, Skip);

        Assert.False(reader.TryReadNext(out _));

        Assert.Equal(0, reader.RecordCount);
        Assert.Equal(1, reader.SkippedRecords);
        Assert.Equal(new FileInfo(SharedRecords.CorruptPets).Length, reader.SkippedBytes);
        Assert.IsType<CorruptedRecordException>(reader.SkipReason);
    }

    [Fact]
    public void Skip_DataFlipInMiddle_ReturnsGoodPrefixAndCountsWalkableFramesAfter()
    {
        var records = Enumerable.Range(0, 8).Select(i => TfRecordFiles.Payload(1000, i)).ToList();
        var file = TfRecordFiles.Write(records);
        file[(5 * 1016) + 12 + 10] ^= 1;
        using var reader = new TfRecordReader(new MemoryStream(file), "x", Skip);

        var read = TfRecordFiles.ReadAll(reader);

        Assert.Equal(records[..5], read);
        Assert.Equal(3, reader.SkippedRecords);
        Assert.Equal(3 * 1016, reader.SkippedBytes);
        Assert.Equal(5 * 1016, reader.SkipReason!.Offset);
    }

    [Fact]
    public void Skip_TruncatedLastRecord_CountsItAndItsBytes()
    {
        var file = CorruptFiles.ThreeRecords()[..^7];
        using var reader = new TfRecordReader(new MemoryStream(file), "x", Skip);

        Assert.Equal(2, TfRecordFiles.ReadAll(reader).Count);

        Assert.Equal(1, reader.SkippedRecords);
        Assert.Equal(file.Length - CorruptFiles.Start(2), reader.SkippedBytes);
        Assert.IsType<TruncatedRecordException>(reader.SkipReason);
    }

    [Fact]
    public async Task SkipAsync_LengthFlipInGzipFile_CountsRestOfUncompressedStream()
    {
        var records = Enumerable.Range(0, 6).Select(i => TfRecordFiles.Payload(300, i)).ToList();
        var plain = TfRecordFiles.Write(records);
        plain[2 * 316] ^= 0x10;
        var gz = TfRecordFiles.Write([], TfRecordCompression.Gzip);
        using (var memory = new MemoryStream())
        {
            await using (var zip = new System.IO.Compression.GZipStream(memory, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                await zip.WriteAsync(plain);
            }

            gz = memory.ToArray();
        }

        await using var reader = new TfRecordReader(new MemoryStream(gz), "x.gz", Skip);
        var count = 0;
        await foreach (var _ in reader.ReadAllAsync())
        {
            count++;
        }

        Assert.Equal(2, count);
        Assert.Equal(1, reader.SkippedRecords); // the bad header hides where the next frames start
        Assert.Equal(4 * 316, reader.SkippedBytes);
    }

    [Fact]
    public void Skip_IntactFile_SkipsNothing()
    {
        using var reader = TfRecordReader.Open(SharedRecords.Raccoon, Skip);

        Assert.Equal(40, TfRecordFiles.ReadAll(reader).Count);
        Assert.Equal((0L, 0L), (reader.SkippedRecords, reader.SkippedBytes));
        Assert.Null(reader.SkipReason);
    }
}
