using Cluster.Formats.TfRecords;
using Cluster.Tests.Shared;

namespace Cluster.Formats.Tests.TfRecords;

public sealed class RoundTripTests
{
    public static TheoryData<TfRecordCompression> Compressions => [TfRecordCompression.None, TfRecordCompression.Gzip, TfRecordCompression.Zlib];

    [Theory]
    [MemberData(nameof(Compressions))]
    public void WriteThenRead_EachCompression_ReturnsSameRecords(TfRecordCompression compression)
    {
        var records = Enumerable.Range(0, 50).Select(i => TfRecordFiles.Payload(i * 997, i)).ToList();
        var file = TfRecordFiles.Write(records, compression);

        using var reader = new TfRecordReader(new MemoryStream(file), "x", new TfRecordReaderOptions { Compression = compression });
        Assert.Equal(records, TfRecordFiles.ReadAll(reader));
        Assert.Equal(50, reader.RecordCount);
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public void Read_CompressionNotStated_IsDetectedFromBytes(TfRecordCompression compression)
    {
        var records = new[] { TfRecordFiles.Payload(100, 1), TfRecordFiles.Payload(0, 2) };
        var file = TfRecordFiles.Write(records, compression);

        using var reader = new TfRecordReader(new NonSeekableStream(file), "no-extension");
        Assert.Equal(records, TfRecordFiles.ReadAll(reader));
        Assert.Equal(compression, reader.Compression);
    }

    [Fact]
    public void Write_ReturnsUncompressedOffsets_MatchingReaderOffsets()
    {
        var records = Enumerable.Range(0, 10).Select(i => TfRecordFiles.Payload(i * 10, i)).ToList();
        using var memory = new MemoryStream();
        var offsets = new List<long>();
        using (var writer = new TfRecordWriter(memory, TfRecordCompression.Gzip, leaveOpen: true))
        {
            offsets.AddRange(records.Select(r => writer.Write(r)));
            Assert.Equal(records.Sum(r => r.Length + 16L), writer.BytesWritten);
        }

        using var reader = new TfRecordReader(new MemoryStream(memory.ToArray()), "x.gz");
        var seen = new List<long>();
        while (reader.TryReadNext(out _))
        {
            seen.Add(reader.LastRecordOffset);
        }

        Assert.Equal(offsets, seen);
        Assert.Equal(0, offsets[0]);
        Assert.Equal(16, offsets[1]);
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public async Task WriteAsyncThenReadAllAsync_EachCompression_ReturnsSameRecords(TfRecordCompression compression)
    {
        using var dir = new TempDirectory();
        var path = dir.File(ShardNames.Format("data", 0, 1, compression));
        var records = Enumerable.Range(0, 30).Select(i => TfRecordFiles.Payload(70_000 + i, i)).ToList();
        await using (var writer = TfRecordWriter.Create(path, compression))
        {
            foreach (var record in records)
            {
                await writer.WriteAsync(record);
            }

            Assert.False(File.Exists(path)); // published only when complete
        }

        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        await using var reader = TfRecordReader.Open(path);
        var read = new List<byte[]>();
        await foreach (var record in reader.ReadAllAsync())
        {
            read.Add(record.Data.ToArray());
        }

        Assert.Equal(records, read);
        Assert.Equal(compression, reader.Compression);
    }

    [Fact]
    public void Read_RecordLargerThanBuffer_GrowsAndReturnsIt()
    {
        var big = TfRecordFiles.Payload(3 << 20, 9);
        var file = TfRecordFiles.Write([TfRecordFiles.Payload(5, 1), big, TfRecordFiles.Payload(7, 2)]);

        var read = TfRecordFiles.ReadAll(file);

        Assert.Equal(3, read.Count);
        Assert.Equal(big, read[1]);
    }

    [Fact]
    public void Read_EmptyStream_IsCleanEndOfFile()
    {
        using var reader = new TfRecordReader(new MemoryStream(), "empty.tfrecord");
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(0, reader.RecordCount);
    }

    [Fact]
    public async Task ReadNextAsync_EmptyStream_ReturnsNull()
    {
        await using var reader = new TfRecordReader(new MemoryStream(), "empty.tfrecord");
        Assert.Null(await reader.ReadNextAsync());
    }
}
