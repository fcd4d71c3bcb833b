using Cluster.Formats.Pipeline;
using Cluster.Formats.TfRecords;
using Cluster.Tests.Shared;

namespace Cluster.Formats.Tests.Pipeline;

/// <summary>A corrupt shard in the middle of the list, under both policies of the format core.</summary>
public sealed class CorruptShardTests
{
    private static readonly string Pets = RepoPaths.Data("tfrecords", "CORRUPT-crlf-normalized__tfmodels-od-testdata__pets_examples.record");

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Read_PayloadBitFlipInMiddleShard_FailNamesFileAndOffset(bool idx, bool memoryMap)
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [4, 5, 4], idx);
        var offset = FlipPayloadBit(shards, shard: 1, record: 2);

        var e = await Assert.ThrowsAsync<CorruptedRecordException>(() => ReadAllAsync(dir.Path, CorruptRecordPolicy.Fail, memoryMap: memoryMap));

        Assert.Equal(shards.Paths[1], e.FilePath);
        Assert.Equal(offset, e.Offset);
        Assert.Contains($"corrupted record at offset {offset} in {shards.Paths[1]}: data CRC mismatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_PayloadBitFlipInMiddleShard_SkipLeavesOutOneRecordAndCountsIt()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [4, 5, 4]);
        var offset = FlipPayloadBit(shards, shard: 1, record: 2);

        var (ids, tally, _) = await ReadAllAsync(dir.Path, CorruptRecordPolicy.Skip, memoryMap: true);
        var (_, _, batchCounts) = await ReadAllAsync(dir.Path, CorruptRecordPolicy.Skip, world: 2);

        Assert.Equal(shards.AllIds.Where(i => i != "b2").Order(), ids.Order());
        var loss = Assert.Single(tally.Losses);
        Assert.Equal((shards.Paths[1], offset, 1L), (loss.File, loss.Offset, loss.Records));
        Assert.Equal([4, 4], batchCounts); // 7 handles per rank; the rank that met b2 gets a short batch, not one batch fewer
    }

    [Fact]
    public async Task Read_HeaderBitFlipInMiddleShard_FailNamesFileAndOffset()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [4, 5, 4]);
        var offset = FlipHeaderBit(shards, shard: 1, record: 3);

        var e = await Assert.ThrowsAsync<CorruptedRecordException>(() => ReadAllAsync(dir.Path, CorruptRecordPolicy.Fail));

        Assert.Equal((shards.Paths[1], offset), (e.FilePath, e.Offset));
        Assert.Contains("length CRC mismatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_HeaderBitFlipInMiddleShard_SkipEndsShardThereAndCountsTheRest()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [4, 5, 4]);
        var offset = FlipHeaderBit(shards, shard: 1, record: 3);

        var (ids, tally, _) = await ReadAllAsync(dir.Path, CorruptRecordPolicy.Skip);

        Assert.Equal(shards.AllIds.Where(i => i is not ("b3" or "b4")).Order(), ids.Order());
        var loss = Assert.Single(tally.Losses);
        Assert.Equal((shards.Paths[1], offset, 2L), (loss.File, loss.Offset, loss.Records)); // summary.json says 5, 3 indexed
    }

    [Fact]
    public async Task Read_CorruptPetsRecordBetweenShards_FailNamesItAtOffset0()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [3, 3]);
        await using var reader = ReaderPipeline.Build(ShardSource.FromFiles([shards.Paths[0], Pets, shards.Paths[1]], 1, shuffleFiles: false), new ReaderOptions { BatchSize = 2 });

        var e = await Assert.ThrowsAsync<CorruptedRecordException>(() => reader.ToListAsync());

        Assert.Equal((Path.GetFullPath(Pets), 0L), (e.FilePath, e.Offset));
    }

    [Fact]
    public async Task Read_CorruptPetsRecordBetweenShards_SkipReadsTheOthersAndCountsTheLoss()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [3, 3]);
        var source = ShardSource.FromFiles([shards.Paths[0], Pets, shards.Paths[1]], 1, shuffleFiles: false, CorruptRecordPolicy.Skip);
        await using var reader = ReaderPipeline.Build(source, new ReaderOptions { BatchSize = 2, OnCorrupt = CorruptRecordPolicy.Skip });

        var ids = (await reader.ToListAsync()).SelectMany(TestShards.IdsOf);

        Assert.Equal(shards.AllIds.Order(), ids.Order());
        // record 0's data CRC fails (skipped alone, its frame is intact), the header at 18446 fails (the rest of the file is lost)
        var losses = source.Catalog.Tally.Losses;
        Assert.Equal([0L, 18446L], losses.Select(l => l.Offset));
        Assert.All(losses, l => Assert.Equal(Path.GetFullPath(Pets), l.File));
        Assert.Equal(new FileInfo(Pets).Length, losses.Sum(l => l.Bytes));
    }

    [Fact]
    public async Task Read_TruncatedLastShardWithStaleIndex_FailNamesTruncatedOffset()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [3, 4], idx: true);
        var last = shards.Ids.Where(kv => kv.Key.Shard == 1).Max(kv => kv.Key.Offset);
        var bytes = File.ReadAllBytes(shards.Paths[1]);
        File.WriteAllBytes(shards.Paths[1], bytes[..(int)(last + 20)]); // the .idx no longer matches: headers are walked

        var e = await Assert.ThrowsAsync<TruncatedRecordException>(() => ReadAllAsync(dir.Path, CorruptRecordPolicy.Fail));

        Assert.Equal((shards.Paths[1], last), (e.FilePath, e.Offset));
        Assert.Contains($"truncated record at offset {last}", e.Message, StringComparison.Ordinal);
    }

    private static async Task<(List<string> Ids, ReadTally Tally, List<int> BatchCounts)> ReadAllAsync(string folder, CorruptRecordPolicy policy, int world = 1, bool memoryMap = false)
    {
        var ids = new List<string>();
        var counts = new List<int>();
        ReadTally? tally = null;
        for (var rank = 0; rank < world; rank++)
        {
            var options = new ReaderOptions { Seed = 2, BatchSize = 2, CycleLength = 2, ShuffleBuffer = 4, OnCorrupt = policy, Rank = rank, World = world, MemoryMap = memoryMap };
            await using var reader = ReaderPipeline.Open(folder, options, out var catalog);
            var batches = await reader.ToListAsync();
            ids.AddRange(batches.SelectMany(TestShards.IdsOf));
            counts.Add(batches.Count);
            tally = catalog.Tally;
        }

        return (ids, tally!, counts);
    }

    private static long FlipPayloadBit(TestShards shards, int shard, int record) => Flip(shards, shard, record, into: 40);

    private static long FlipHeaderBit(TestShards shards, int shard, int record) => Flip(shards, shard, record, into: 2);

    private static long Flip(TestShards shards, int shard, int record, int into)
    {
        var offset = shards.Ids.Single(kv => kv.Value == TestShards.IdOf(shard, record)).Key.Offset;
        var bytes = File.ReadAllBytes(shards.Paths[shard]);
        bytes[offset + into] ^= 0x10;
        File.WriteAllBytes(shards.Paths[shard], bytes);
        return offset;
    }
}
