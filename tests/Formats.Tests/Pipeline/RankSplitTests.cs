using Cluster.Formats.Pipeline;
using Cluster.Tests.Shared;

namespace Cluster.Formats.Tests.Pipeline;

public sealed class RankSplitTests
{
    public static TheoryData<int, int> Sizes()
    {
        var data = new TheoryData<int, int>();
        foreach (var n in new[] { 0, 1, 2, 5, 12, 13, 29 })
        {
            foreach (var world in new[] { 1, 2, 3, 4, 7 })
            {
                data.Add(n, world);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task ForRank_Pad_EqualsDistributedSamplerPaddedStride(int n, int world)
    {
        var items = Enumerable.Range(100, n).ToArray();
        var padded = items.ToList();
        while (n > 0 && padded.Count % world != 0)
        {
            padded.Add(items[(padded.Count - n) % n]); // DistributedSampler: indices += indices[:padding] (repeated if short)
        }

        for (var rank = 0; rank < world; rank++)
        {
            var share = await SplitAsync(items, rank, world, RankBalance.Pad);

            Assert.Equal(padded.Where((_, i) => i % world == rank), share);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task ForRank_EveryRecordToExactlyOneRank_EqualShares(int n, int world)
    {
        var items = Enumerable.Range(0, n).ToArray();
        var pad = new List<int>[world];
        var drop = new List<int>[world];
        for (var rank = 0; rank < world; rank++)
        {
            pad[rank] = await SplitAsync(items, rank, world, RankBalance.Pad);
            drop[rank] = await SplitAsync(items, rank, world, RankBalance.DropLast);
        }

        Assert.Single(pad.Select(s => s.Count).Distinct());
        Assert.Single(drop.Select(s => s.Count).Distinct());
        Assert.Equal((n + world - 1) / world, pad[0].Count);
        Assert.Equal(n / world, drop[0].Count);
        var padAll = pad.SelectMany(s => s).ToList();
        Assert.Equal(items, padAll.Distinct().Order()); // every record somewhere
        Assert.Equal(padAll.Count - n, padAll.GroupBy(x => x).Sum(g => g.Count() - 1)); // only the padding repeats
        var dropAll = drop.SelectMany(s => s).ToList();
        Assert.Equal(dropAll.Count, dropAll.Distinct().Count()); // never twice
        Assert.Equal(n / world * world, dropAll.Count);
    }

    [Fact]
    public async Task ReaderPipeline_ThreeRanks_EachRecordOncePerEpoch_EqualBatchCounts()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [7, 3, 9, 5, 4]); // 28 records over 3 ranks: pad 2
        foreach (var epoch in new[] { 0, 1 })
        {
            var batchCounts = new List<int>();
            var seen = new List<string>();
            for (var rank = 0; rank < 3; rank++)
            {
                var options = new ReaderOptions { Seed = 9, BatchSize = 4, Rank = rank, World = 3, CycleLength = 2, ShuffleBuffer = 6, Balance = RankBalance.DropLast };
                await using var reader = ReaderPipeline.Open(dir.Path, options, out _);
                reader.Reset(epoch);
                var batches = await reader.ToListAsync();
                batchCounts.Add(batches.Count);
                seen.AddRange(batches.SelectMany(TestShards.IdsOf));
            }

            Assert.Equal([3, 3, 3], batchCounts); // 9 records per rank: 4 + 4 + 1
            Assert.Equal(27, seen.Count);
            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.Subset(shards.AllIds.ToHashSet(), seen.ToHashSet());
        }
    }

    [Fact]
    public void ForRank_RankOutsideWorld_Throws()
    {
        var list = new ListStage<int>([1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list.ForRank(2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.ForRank(0, 0));
    }

    private static async Task<List<int>> SplitAsync(int[] items, int rank, int world, RankBalance balance)
    {
        await using var stage = new ListStage<int>(items).ForRank(rank, world, balance);
        return await stage.ToListAsync();
    }
}
