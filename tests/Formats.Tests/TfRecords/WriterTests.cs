using System.IO.Compression;
using Cluster.Formats.TfRecords;
using Cluster.Tests.Shared;

namespace Cluster.Formats.Tests.TfRecords;

public sealed class WriterTests
{
    private static readonly byte[][] Records = [TfRecordFiles.Payload(10, 1), TfRecordFiles.Payload(100_000, 2), []];

    [Theory]
    [InlineData(TfRecordCompression.Gzip)]
    [InlineData(TfRecordCompression.Zlib)]
    public void Write_Compressed_IsTheWholeUncompressedStreamCompressedOnce(TfRecordCompression compression)
    {
        var plain = TfRecordFiles.Write(Records);
        var compressed = TfRecordFiles.Write(Records, compression);

        using var input = new MemoryStream(compressed);
        using Stream inflate = compression == TfRecordCompression.Gzip
            ? new GZipStream(input, CompressionMode.Decompress)
            : new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflate.CopyTo(output);

        Assert.Equal(plain, output.ToArray());
        Assert.Equal(compression == TfRecordCompression.Gzip ? (byte)0x1f : (byte)0x78, compressed[0]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Write_BufferLeftSmallerThanAHeader_RecordsRoundTrip(int bytesLeft)
    {
        // The first record leaves bytesLeft bytes of the 64 KiB write buffer; the next does not fit (found converting 3000 small JPEGs).
        byte[][] records = [TfRecordFiles.Payload(64 * 1024 - 16 - bytesLeft, 3), TfRecordFiles.Payload(100, 4), TfRecordFiles.Payload(10, 5)];

        var written = TfRecordFiles.Write(records);
        using var stream = new MemoryStream();
        await using (var writer = new TfRecordWriter(stream, TfRecordCompression.None, leaveOpen: true))
        {
            foreach (var record in records)
            {
                await writer.WriteAsync(record);
            }
        }

        Assert.Equal(records, TfRecordFiles.ReadAll(written));
        Assert.Equal(written, stream.ToArray());
    }

    [Fact]
    public async Task Create_WriteCancelled_PublishesNothingAndRemovesTempFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("shard.tfrecord");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await using (var writer = TfRecordWriter.Create(path))
        {
            await writer.WriteAsync(Records[0]);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await writer.WriteAsync(Records[1], cancelled.Token));
        }

        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Create_ExistingFile_IsReplacedOnlyWhenComplete()
    {
        using var dir = new TempDirectory();
        var path = dir.File("shard.tfrecord");
        File.WriteAllBytes(path, [1, 2, 3]);

        using (var writer = TfRecordWriter.Create(path))
        {
            writer.Write(Records[0]);
            Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        }

        Assert.Equal(TfRecordFiles.Write([Records[0]]), File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_EmptyRecord_IsSixteenBytesOfFraming()
    {
        var file = TfRecordFiles.Write([[]]);

        Assert.Equal(16, file.Length);
        Assert.Equal([[]], TfRecordFiles.ReadAll(file));
    }

    [Fact]
    public void Write_AfterDispose_Throws()
    {
        var writer = new TfRecordWriter(new MemoryStream());
        writer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => writer.Write(Records[0]));
    }

    [Theory]
    [InlineData(3, 16, TfRecordCompression.None, "train-00003-of-00016.tfrecord")]
    [InlineData(0, 1, TfRecordCompression.Gzip, "train-00000-of-00001.tfrecord.gz")]
    [InlineData(99999, 100000, TfRecordCompression.Zlib, "train-99999-of-100000.tfrecord.zz")]
    public void ShardNames_Format_FollowsTensorFlowConvention(int index, int count, TfRecordCompression compression, string expected)
    {
        Assert.Equal(expected, ShardNames.Format("train", index, count, compression));
        Assert.Equal(compression, ShardNames.CompressionOf(expected));
    }

    [Fact]
    public void ShardNames_IndexNotBelowCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardNames.Format("train", 16, 16));
    }
}
