using Cluster.Formats.Pipeline;
using Cluster.Formats.TfRecords;
using Cluster.Tests.Shared;

namespace Cluster.Formats.Tests.Pipeline;

public sealed class InterleaveTests
{
    /// <summary>
    /// Hand-worked with tf.data's InterleaveDatasetOp rules (a slot is filled when the cycle reaches it; an exhausted
    /// slot is emptied and the cycle moves on), files A(5) B(2) C(3) D(4), cycle 2, block 2:
    /// slot0=A: a0 a1 | slot1=B: b0 b1 | slot0: a2 a3 | slot1: B ends, emptied | slot0: a4, A ends, emptied |
    /// slot1=C: c0 c1 | slot0=D: d0 d1 | slot1: c2, C ends | slot0: d2 d3 | slot1: no input left | slot0: D ends.
    /// </summary>
    [Fact]
    public async Task Interleave_Cycle2Block2_MatchesHandWorkedTfDataOrder()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [5, 2, 3, 4]);
        await using var stage = shards.Source().Interleave(cycleLength: 2, blockLength: 2);

        var order = (await stage.ToListAsync()).Select(shards.Id);

        Assert.Equal("a0 a1 b0 b1 a2 a3 a4 c0 c1 d0 d1 c2 d2 d3", string.Join(' ', order));
    }

    /// <summary>
    /// Files A(3) B(1) C(2) D(2), cycle 3, block 1: a0 b0 c0 | a1, B ends, c1 | a2, slot1=D: d0, C ends, A ends | d1.
    /// </summary>
    [Fact]
    public async Task Interleave_Cycle3Block1_MatchesHandWorkedTfDataOrder()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [3, 1, 2, 2]);
        await using var stage = shards.Source().Interleave(cycleLength: 3, blockLength: 1);

        var order = (await stage.ToListAsync()).Select(shards.Id);

        Assert.Equal("a0 b0 c0 a1 c1 a2 d0 d1", string.Join(' ', order));
    }

    [Fact]
    public async Task Interleave_NotDeterministic_YieldsEveryRecordOnce()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [7, 1, 4, 9, 3]);
        await using var stage = shards.Source().Interleave(cycleLength: 3, blockLength: 2, deterministic: false);

        var ids = (await stage.ToListAsync()).Select(shards.Id).ToList();

        Assert.Equal(shards.AllIds.Order(), ids.Order());
    }

    [Fact]
    public async Task ShardSource_SeedPlusEpoch_ShufflesFileOrderPerEpoch()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [1, 1, 1, 1, 1, 1, 1, 1]);
        await using var source = shards.Source(seed: 5, shuffleFiles: true);

        var epoch0 = (await source.ToListAsync()).Select(f => f.Index).ToArray();
        source.Reset(1);
        var epoch1 = (await source.ToListAsync()).Select(f => f.Index).ToArray();
        source.Reset(0);
        var epoch0Again = (await source.ToListAsync()).Select(f => f.Index).ToArray();

        Assert.Equal(Enumerable.Range(0, 8), epoch0.Order());
        Assert.NotEqual(epoch0, epoch1);
        Assert.Equal(epoch0, epoch0Again);
        Assert.NotEqual(Enumerable.Range(0, 8), epoch0);
    }

    [Fact]
    public async Task ShardSource_DatasetFolder_ReadsShardsListedInSummary()
    {
        using var dir = new TempDirectory();
        TestShards.Write(dir.Path, [2, 3]);
        await using var source = ShardSource.FromDataset(dir.Path, seed: 0, shuffleFiles: false);

        var files = await source.ToListAsync();

        Assert.Equal([2L, 3L], files.Select(f => f.ExpectedRecords!.Value));
        Assert.All(files, f => Assert.StartsWith(dir.Path, f.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void ShardSource_SummaryShardOutsideFolder_ThrowsNamingIt()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "summary.json"), """{"shards":[{"index":0,"file":"../../etc/passwd","records":1,"bytes":1,"sha256":""}]}""");

        var e = Assert.Throws<InvalidDataException>(() => ShardSource.FromDataset(dir.Path, 0));

        Assert.Contains("../../etc/passwd", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interleave_RealGzipShard_SameRecordsAsSequentialReader()
    {
        var gz = RepoPaths.Data("tfrecords", "tfx-penguin__Split-train_data_tfrecord-00000-of-00001.gz");
        var expected = new List<byte[]>();
        using (var reader = TfRecordReader.Open(gz))
        {
            while (reader.TryReadNext(out var record))
            {
                expected.Add(record.ToArray());
            }
        }

        await using var shards = ShardSource.FromFiles([gz], 0);
        var batches = await shards.Interleave(2).Batch(7).Load(shards.Catalog).ToListAsync();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, batches.SelectMany(b => b.Records).Select(r => r.Data.ToArray()));
        Assert.All(batches.SelectMany(b => b.Records), r => Assert.Equal(gz, r.File));
    }

    [Fact]
    public void Interleave_ZeroCycle_Throws()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [1]);

        Assert.Throws<ArgumentOutOfRangeException>(() => shards.Source().Interleave(0));
    }
}
