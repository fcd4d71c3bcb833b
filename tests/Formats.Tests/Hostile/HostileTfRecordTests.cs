using Cluster.Formats.Tests.TfRecords;
using Cluster.Formats.TfRecords;
using Cluster.Tests.Shared;
using static Cluster.Formats.Tests.Hostile.HostileRun;

namespace Cluster.Formats.Tests.Hostile;

/// <summary>TFRecord cases not covered by <see cref="CorruptInputTests"/>: empty files on disk, damage inside a GZIP
/// file, and huge stated lengths in a compressed stream (where the file size cannot bound them).</summary>
public sealed class HostileTfRecordTests
{
    [Theory]
    [InlineData("empty.tfrecord")]
    [InlineData("empty.tfrecord.gz")]
    [InlineData("empty.tfrecord.zz")]
    public async Task Open_ZeroByteFile_ReadsNoRecordsAndEndsCleanly(string name)
    {
        using var dir = new TempDirectory();
        var path = dir.File(name);
        await File.WriteAllBytesAsync(path, []);

        var (count, _) = await MeasuredAsync(() =>
        {
            using var reader = TfRecordReader.Open(path);
            return TfRecordFiles.ReadAll(reader).Count;
        });

        Assert.Equal(0, count);
    }

    [Fact]
    public async Task ReadNextAsync_ZeroByteFile_ReturnsNull()
    {
        using var dir = new TempDirectory();
        var path = dir.File("empty.tfrecord");
        await File.WriteAllBytesAsync(path, []);
        await using var reader = TfRecordReader.Open(path);

        Assert.Null(await reader.ReadNextAsync().AsTask().WaitAsync(Limit));
    }

    [Theory]
    [InlineData(332 + 5, "length header")]
    [InlineData(332 + 12 + 50, "payload")]
    [InlineData(648 - 2, "data CRC")]
    public async Task ReadNext_GzipOfFileCutInHeaderPayloadOrFooter_ThrowsTruncatedAtRecordStart(int cut, string part)
    {
        var gz = GzipBomb.Gzip(CorruptFiles.ThreeRecords()[..cut]);

        var (e, _) = await FailsAsync<TruncatedRecordException>(() =>
        {
            using var reader = new TfRecordReader(new MemoryStream(gz), "cut.tfrecord.gz");
            TfRecordFiles.ReadAll(reader);
        });

        Assert.Equal(332, e.Offset);
        Assert.Contains($"bytes of the {part}", e.Message, StringComparison.Ordinal);
        Assert.Contains("cut.tfrecord.gz", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TfRecordCompression.Gzip)]
    [InlineData(TfRecordCompression.Zlib)]
    public async Task ReadNext_CompressedFileCutAtEveryByte_NeverLosesRecordsSilently(TfRecordCompression compression)
    {
        // Found while writing this suite: .NET's GZipStream/ZLibStream end quietly on a cut file, so a .gz cut before
        // its first deflate block read as an empty file; the reader now checks the CRC-32/size or Adler-32 trailer.
        var records = Enumerable.Range(0, 8).Select(i => TfRecordFiles.Payload(300 + i, i)).ToList();
        var gz = TfRecordFiles.Write(records, compression);
        var name = compression == TfRecordCompression.Gzip ? "cut.tfrecord.gz" : "cut.tfrecord.zz";

        var silent = await MeasuredAsync(() => Enumerable.Range(1, gz.Length - 1).Where(cut =>
        {
            using var reader = new TfRecordReader(new MemoryStream(gz[..cut]), name);
            try
            {
                return TfRecordFiles.ReadAll(reader).Count < records.Count;
            }
            catch (TfRecordException)
            {
                return false;
            }
        }).ToList());

        Assert.Empty(silent.Result);
    }

    [Fact]
    public async Task ReadNext_GzipFileCutBeforeItsTrailer_ThrowsInsteadOfEndingEarly()
    {
        var gz = TfRecordFiles.Write([.. Enumerable.Range(0, 3).Select(i => TfRecordFiles.Payload(200, i))], TfRecordCompression.Gzip);

        var (e, _) = await FailsAsync<CorruptedRecordException>(() =>
        {
            using var reader = new TfRecordReader(new MemoryStream(gz[..^9]), "cut.tfrecord.gz");
            TfRecordFiles.ReadAll(reader);
        });

        Assert.StartsWith("corrupted record at offset 432 in cut.tfrecord.gz: the compressed stream is damaged (the GZIP data ends after", e.Message, StringComparison.Ordinal);
        Assert.Contains("the file is truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadNextAsync_GzipFileCutInsideFirstBlock_ThrowsInsteadOfReadingAsEmpty()
    {
        var gz = TfRecordFiles.Write([TfRecordFiles.Payload(200, 1)], TfRecordCompression.Gzip);
        await using var reader = new TfRecordReader(new MemoryStream(gz[..(gz.Length / 2)]), "cut.tfrecord.gz");

        var e = await Assert.ThrowsAnyAsync<TfRecordException>(async () => await reader.ReadNextAsync().AsTask().WaitAsync(Limit));

        Assert.Equal(0, e.Offset);
    }

    [Theory]
    [InlineData(1UL << 63)]
    [InlineData(ulong.MaxValue)]
    [InlineData(1UL << 32)]
    [InlineData((ulong)int.MaxValue)]
    [InlineData((256UL << 20) + 1)]
    public async Task ReadNext_HugeLengthInGzipStream_ThrowsCorruptedWithoutAllocating(ulong length)
    {
        var gz = GzipBomb.Gzip([.. GzipBomb.HeaderClaiming(length), .. new byte[4096]]);

        var (e, allocated) = await FailsAsync<CorruptedRecordException>(() =>
        {
            using var reader = GzipBomb.Reader(gz);
            reader.TryReadNext(out _);
        });

        Assert.Equal(0, e.Offset);
        Assert.Contains($"record length {length} exceeds the largest supported record", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 4 * MiB, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task ReadNext_HugeLengthOnFileInSkipMode_SkipsToEndWithoutAllocating()
    {
        using var dir = new TempDirectory();
        var path = dir.File("huge.tfrecord");
        await File.WriteAllBytesAsync(path, [.. CorruptFiles.ThreeRecords(), .. GzipBomb.HeaderClaiming(ulong.MaxValue), .. new byte[100]]);

        var (reader, allocated) = await MeasuredAsync(() =>
        {
            var r = TfRecordReader.Open(path, new TfRecordReaderOptions { OnCorrupt = CorruptRecordPolicy.Skip });
            TfRecordFiles.ReadAll(r);
            return r;
        });
        using (reader)
        {
            Assert.Equal((3L, 1L, 112L), (reader.RecordCount, reader.SkippedRecords, reader.SkippedBytes));
            Assert.Equal(648, reader.SkipReason!.Offset);
        }

        Assert.True(allocated < 4 * MiB, $"allocated {allocated} bytes");
    }
}
