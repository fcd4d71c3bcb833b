using Cluster.Formats.TfRecords;

namespace Cluster.Formats.Tests.TfRecords;

/// <summary>One test per way a TFRecord file can be damaged: each must name the file and the bad record's offset.</summary>
public sealed class CorruptInputTests
{
    private const string Name = "damaged.tfrecord";

    private static TException ReadFails<TException>(byte[] file, long expectedOffset, int expectedGoodRecords)
        where TException : TfRecordException
    {
        using var reader = new TfRecordReader(new MemoryStream(file), Name);
        var good = 0;
        var e = Assert.Throws<TException>(() =>
        {
            while (reader.TryReadNext(out _))
            {
                good++;
            }
        });
        Assert.Equal(expectedGoodRecords, good);
        Assert.Equal(expectedOffset, e.Offset);
        Assert.Equal(Name, e.FilePath);
        var kind = typeof(TException) == typeof(TruncatedRecordException) ? "truncated" : "corrupted";
        Assert.StartsWith($"{kind} record at offset {expectedOffset} in {Name}", e.Message, StringComparison.Ordinal);
        return e;
    }

    [Fact]
    public void ReadNext_CorruptPetsRecord_ThrowsCorruptedAtComputedOffset()
    {
        var path = SharedRecords.CorruptPets;
        var expected = CorruptFiles.FirstBadRecordOffset(File.ReadAllBytes(path));
        using var reader = TfRecordReader.Open(path);

        var e = Assert.Throws<CorruptedRecordException>(() => reader.TryReadNext(out _));

        Assert.Equal(0, expected); // the README: record 0's data CRC does not match
        Assert.Equal(expected, e.Offset);
        Assert.Equal($"corrupted record at offset 0 in {path}: data CRC mismatch (stored 0x9afa46e8, computed 0x52e09282)", e.Message);
    }

    [Fact]
    public async Task ReadNextAsync_CorruptPetsRecord_ThrowsCorruptedAtOffsetZero()
    {
        await using var reader = TfRecordReader.Open(SharedRecords.CorruptPets);

        var e = await Assert.ThrowsAsync<CorruptedRecordException>(async () => await reader.ReadNextAsync());

        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void ReadNext_TruncatedHeader_ThrowsTruncatedAtRecordStart()
    {
        var file = CorruptFiles.ThreeRecords()[..(int)(CorruptFiles.Start(2) + 5)];

        var e = ReadFails<TruncatedRecordException>(file, CorruptFiles.Start(2), expectedGoodRecords: 2);

        Assert.Contains("after 5 of the 12 bytes of the length header", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadNext_TruncatedPayload_ThrowsTruncatedWithOffset()
    {
        var file = CorruptFiles.ThreeRecords()[..(int)(CorruptFiles.Start(1) + 12 + 50)];

        var e = ReadFails<TruncatedRecordException>(file, CorruptFiles.Start(1), expectedGoodRecords: 1);

        Assert.Contains("after 50 of the 200 bytes of the payload", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadNext_TruncatedPayloadOnNonSeekableStream_ThrowsTruncatedWithOffset()
    {
        var file = CorruptFiles.ThreeRecords()[..(int)(CorruptFiles.Start(1) + 12 + 50)];
        using var reader = new TfRecordReader(new NonSeekableStream(file), Name);

        Assert.True(reader.TryReadNext(out _));
        var e = Assert.Throws<TruncatedRecordException>(() => reader.TryReadNext(out _));

        Assert.Equal(CorruptFiles.Start(1), e.Offset);
    }

    [Fact]
    public void ReadNext_TruncatedFooter_ThrowsTruncatedWithOffset()
    {
        var full = CorruptFiles.ThreeRecords();
        var file = full[..^2];

        var e = ReadFails<TruncatedRecordException>(file, CorruptFiles.Start(2), expectedGoodRecords: 2);

        Assert.Contains("after 2 of the 4 bytes of the data CRC", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadNext_BitFlipInLength_ThrowsCorruptedLengthCrc()
    {
        var file = CorruptFiles.FlipBit(CorruptFiles.ThreeRecords(), CorruptFiles.Start(1) + 1, bit: 3);

        var e = ReadFails<CorruptedRecordException>(file, CorruptFiles.Start(1), expectedGoodRecords: 1);

        Assert.Contains("length CRC mismatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadNext_BitFlipInLengthCrc_ThrowsCorruptedLengthCrc()
    {
        var file = CorruptFiles.FlipBit(CorruptFiles.ThreeRecords(), CorruptFiles.Start(2) + 9);

        var e = ReadFails<CorruptedRecordException>(file, CorruptFiles.Start(2), expectedGoodRecords: 2);

        Assert.Contains("length CRC mismatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadNext_BitFlipInData_ThrowsCorruptedDataCrc()
    {
        var file = CorruptFiles.FlipBit(CorruptFiles.ThreeRecords(), CorruptFiles.Start(1) + 12 + 150, bit: 7);

        var e = ReadFails<CorruptedRecordException>(file, CorruptFiles.Start(1), expectedGoodRecords: 1);

        Assert.Contains("data CRC mismatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadNext_BitFlipInDataCrc_ThrowsCorruptedDataCrc()
    {
        var file = CorruptFiles.FlipBit(CorruptFiles.ThreeRecords(), CorruptFiles.Start(3) - 1);

        var e = ReadFails<CorruptedRecordException>(file, CorruptFiles.Start(2), expectedGoodRecords: 2);

        Assert.Contains("data CRC mismatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadNext_Length2Pow63OnFile_ThrowsTruncatedWithoutAllocating()
    {
        byte[] file = [.. CorruptFiles.Header(1UL << 63), .. new byte[100]];

        var (e, allocated) = ReadOnceMeasuringAllocation<TruncatedRecordException>(new MemoryStream(file));

        Assert.Equal(0, e.Offset);
        Assert.Contains("after 100 of the 9223372036854775807 bytes of the payload", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 4 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void ReadNext_Length2Pow63OnPipe_ThrowsCorruptedWithoutAllocating()
    {
        byte[] file = [.. CorruptFiles.Header(1UL << 63), .. new byte[100]];

        var (e, allocated) = ReadOnceMeasuringAllocation<CorruptedRecordException>(new NonSeekableStream(file));

        Assert.Equal(0, e.Offset);
        Assert.Contains("exceeds the largest supported record", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 4 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void ReadNext_Length2GiBOnPipeWithFewBytes_ThrowsTruncatedAllocatingOnlyWhatArrived()
    {
        byte[] file = [.. CorruptFiles.Header(int.MaxValue - 1000), .. new byte[3 << 20]];

        var largest = new TfRecordReaderOptions { MaxRecordLength = TfRecordReaderOptions.LargestSupportedRecord };
        var (e, allocated) = ReadOnceMeasuringAllocation<TruncatedRecordException>(new NonSeekableStream(file), largest);

        Assert.Equal(0, e.Offset);
        Assert.True(allocated < 16 << 20, $"allocated {allocated} bytes for 3 MiB of data");
    }

    [Fact]
    public void ReadNext_NotATfRecordFile_ThrowsCorruptedAtZero()
    {
        var file = "filename,width,height,class\nraccoon-1.jpg,1,2,raccoon\n"u8.ToArray();

        ReadFails<CorruptedRecordException>(file, 0, expectedGoodRecords: 0);
    }

    [Fact]
    public void ReadNext_DamagedGzipStream_ThrowsTfRecordExceptionWithOffset()
    {
        var records = Enumerable.Range(0, 20).Select(i => TfRecordFiles.Payload(5000, i)).ToList();
        var gz = TfRecordFiles.Write(records, TfRecordCompression.Gzip);
        gz[gz.Length / 2] ^= 0x55;
        using var reader = new TfRecordReader(new MemoryStream(gz), "damaged.tfrecord.gz");

        var e = Assert.ThrowsAny<TfRecordException>(() => TfRecordFiles.ReadAll(reader));

        Assert.Equal(reader.Position, e.Offset);
        Assert.Equal(0, e.Offset % 5016);
    }

    [Fact]
    public void ReadNext_AfterEndOfFile_KeepsReturningFalse()
    {
        using var reader = new TfRecordReader(new MemoryStream(CorruptFiles.ThreeRecords()), Name);

        Assert.Equal(3, TfRecordFiles.ReadAll(reader).Count);
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(CorruptFiles.Start(3), reader.Position);
    }

    private static (TException Error, long Allocated) ReadOnceMeasuringAllocation<TException>(Stream stream, TfRecordReaderOptions? options = null)
        where TException : TfRecordException
    {
        using (var warm = new TfRecordReader(new MemoryStream(CorruptFiles.ThreeRecords()), "warm"))
        {
            TfRecordFiles.ReadAll(warm);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        using var reader = new TfRecordReader(stream, Name, options);
        var e = Assert.Throws<TException>(() => reader.TryReadNext(out _));
        return (e, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
