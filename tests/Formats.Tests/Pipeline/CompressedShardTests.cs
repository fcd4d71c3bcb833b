using System.IO.Compression;
using Cluster.Formats.Datasets;
using Cluster.Formats.Pipeline;
using Cluster.Formats.TfRecords;
using Cluster.Tests.Shared;

namespace Cluster.Formats.Tests.Pipeline;

/// <summary>GZIP and ZLIB shards read by the shuffling pipeline: the same batches as uncompressed, exact resume mid-shard, both corrupt-record policies.</summary>
public sealed class CompressedShardTests
{
    private static readonly int[] Counts = [5, 2, 7, 4, 6];

    private static ReaderOptions Options(bool memoryMap) => new()
    {
        Seed = 5, BatchSize = 3, Rank = 1, World = 2, CycleLength = 3, BlockLength = 2, ShuffleBuffer = 5, LoadDegree = 2, PrefetchDepth = 2, MemoryMap = memoryMap,
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Read_GzipAndZlibShards_SameBatchesAsUncompressed(bool memoryMap)
    {
        using var plain = new TempDirectory();
        using var packed = new TempDirectory();
        TestShards.Write(plain.Path, Counts);
        Compress(plain.Path, packed.Path);

        var expected = await ReaderRun.BatchesAsync(plain.Path, Options(memoryMap), epoch: 1, int.MaxValue, null);
        var actual = await ReaderRun.BatchesAsync(packed.Path, Options(memoryMap), epoch: 1, int.MaxValue, null);

        Assert.Equal(expected.Batches, actual.Batches);
        Assert.Contains(Directory.EnumerateFiles(packed.Path), f => f.EndsWith(".gz", StringComparison.Ordinal));
        Assert.Contains(Directory.EnumerateFiles(packed.Path), f => f.EndsWith(".zz", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(3, false)]
    public async Task RestoreMidShard_CompressedShards_IdenticalRemainder(int cut, bool memoryMap)
    {
        using var plain = new TempDirectory();
        using var packed = new TempDirectory();
        TestShards.Write(plain.Path, Counts);
        Compress(plain.Path, packed.Path);
        var options = Options(memoryMap);
        var full = await ReaderRun.BatchesAsync(packed.Path, options, epoch: 0, int.MaxValue, null);

        var first = await ReaderRun.BatchesAsync(packed.Path, options, epoch: 0, cut, null);
        var rest = await ReaderRun.BatchesAsync(packed.Path, options, epoch: 0, int.MaxValue, PipelineState.FromBytes(first.State.ToBytes()));

        Assert.Equal(full.Batches, [.. first.Batches, .. rest.Batches]);
        Assert.Equal(cut, first.Batches.Count);
        Assert.True(rest.Batches.Count > 0, "the cut must leave records to read");
    }

    [Fact]
    public async Task Read_FolderOfCompressedShardsWithoutSummary_ReadsEveryRecordOnce()
    {
        using var plain = new TempDirectory();
        using var packed = new TempDirectory();
        var shards = TestShards.Write(plain.Path, Counts);
        Compress(plain.Path, packed.Path);
        File.Delete(Path.Combine(packed.Path, DatasetSummary.FileName));

        var all = await ReaderRun.BatchesAsync(packed.Path, Options(memoryMap: true) with { World = 1, Rank = 0 }, epoch: 0, int.MaxValue, null);

        Assert.Equal(shards.AllIds.Order(), all.Batches.SelectMany(b => b.Split(' ')).Order());
    }

    [Fact]
    public async Task Read_TruncatedGzipShard_FailNamesFileSkipCountsLoss()
    {
        using var plain = new TempDirectory();
        using var packed = new TempDirectory();
        var shards = TestShards.Write(plain.Path, Counts);
        Compress(plain.Path, packed.Path);
        var damaged = Directory.EnumerateFiles(packed.Path, "*-00002-*").Single();
        var bytes = File.ReadAllBytes(damaged);
        File.WriteAllBytes(damaged, bytes[..(bytes.Length * 2 / 3)]);
        var options = Options(memoryMap: true) with { World = 1, Rank = 0 };

        var e = await Assert.ThrowsAnyAsync<TfRecordException>(() => ReaderRun.BatchesAsync(packed.Path, options, epoch: 0, int.MaxValue, null));
        await using var reader = ReaderPipeline.Open(packed.Path, options with { OnCorrupt = CorruptRecordPolicy.Skip }, out var catalog);
        var ids = new List<string>();
        while (await reader.MoveNextAsync())
        {
            using var batch = reader.Current;
            ids.AddRange(TestShards.IdsOf(batch));
        }

        Assert.Equal(damaged, e.FilePath);
        var loss = Assert.Single(catalog.Tally.Losses);
        Assert.Equal(damaged, loss.File);
        Assert.True(loss.Records >= 1);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(shards.AllIds.Where(id => id[0] != 'c'), id => Assert.Contains(id, ids)); // every other shard complete
        Assert.Equal(shards.AllIds.Count() - loss.Records, ids.Count);
    }

    [Fact]
    public async Task Read_GzipShardExpandingPastItsAllowance_RefusedNamingTheFile()
    {
        using var packed = new TempDirectory();
        var path = Path.Combine(packed.Path, "bomb-00000-of-00001.tfrecord.gz");
        using (var writer = TfRecordWriter.Create(path, TfRecordCompression.Gzip))
        {
            var zeros = new byte[40 << 20];
            writer.Write(zeros);
            writer.Write(zeros);
        }

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ReaderRun.BatchesAsync(packed.Path, Options(memoryMap: true) with { World = 1, Rank = 0 }, epoch: 0, int.MaxValue, null));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("decompression bomb", e.Message, StringComparison.Ordinal);
        Assert.True(new FileInfo(path).Length * DecompressedShard.MaxExpansion < DecompressedShard.MinAllowance, "the shard is small, so the floor is what refuses it");
    }

    /// <summary>Shards 0, 2, 4 of <paramref name="from"/> as GZIP, 1 and 3 as ZLIB, into <paramref name="to"/> with a summary naming them.</summary>
    private static void Compress(string from, string to)
    {
        var summary = DatasetSummary.Load(from);
        var renamed = new List<ShardSummary>();
        foreach (var shard in summary.Shards)
        {
            var gzip = shard.Index % 2 == 0;
            var name = shard.File + (gzip ? ".gz" : ".zz");
            using (var output = File.Create(Path.Combine(to, name)))
            using (Stream packer = gzip ? new GZipStream(output, CompressionLevel.Fastest) : new ZLibStream(output, CompressionLevel.Fastest))
            using (var input = File.OpenRead(Path.Combine(from, shard.File)))
            {
                input.CopyTo(packer);
            }

            renamed.Add(shard with { File = name, Bytes = new FileInfo(Path.Combine(to, name)).Length });
        }

        (summary with { Shards = renamed }).Save(Path.Combine(to, DatasetSummary.FileName));
    }
}
