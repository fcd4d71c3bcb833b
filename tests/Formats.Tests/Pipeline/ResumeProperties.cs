using Cluster.Formats.Pipeline;
using Cluster.Tests.Shared;
using FsCheck.Xunit;

namespace Cluster.Formats.Tests.Pipeline;

/// <summary>
/// Resume and rank split over random pipeline shapes: shard counts, cycle, block, buffer, world, batch, drop options and
/// the cut point all come from the generated seed (FsCheck reports the seed of a failing case).
/// </summary>
public sealed class ResumeProperties
{
    [Property(MaxTest = 30)]
    public void ReaderPipeline_AnyShapeAnyCut_RestoredRunYieldsTheRest(int seed)
    {
        var random = new Random(seed);
        using var dir = new TempDirectory();
        var counts = Enumerable.Range(0, random.Next(1, 7)).Select(_ => random.Next(0, 12)).ToArray();
        TestShards.Write(dir.Path, counts);
        var options = new ReaderOptions
        {
            Seed = seed,
            BatchSize = random.Next(1, 6),
            DropRemainder = random.Next(2) == 0,
            World = random.Next(1, 5),
            Balance = random.Next(2) == 0 ? RankBalance.Pad : RankBalance.DropLast,
            CycleLength = random.Next(1, 5),
            BlockLength = random.Next(1, 4),
            ShuffleBuffer = random.Next(1, 20),
            LoadDegree = random.Next(1, 4),
            PrefetchDepth = random.Next(1, 4),
            MemoryMap = random.Next(2) == 0,
        };
        options = options with { Rank = random.Next(options.World) };
        var epoch = random.Next(3);

        var full = Read(dir.Path, options, epoch, int.MaxValue, null);
        var cut = random.Next(full.Batches.Count + 1);
        var first = Read(dir.Path, options, epoch, cut, null);
        var rest = Read(dir.Path, options, epoch, int.MaxValue, PipelineState.Parse(first.State.ToJsonString()));

        Assert.Equal(full.Batches, [.. first.Batches, .. rest.Batches]);
    }

    [Property(MaxTest = 30)]
    public void ReaderPipeline_AnyShape_RanksPartitionTheEpochWithEqualBatchCounts(int seed)
    {
        var random = new Random(seed);
        using var dir = new TempDirectory();
        var counts = Enumerable.Range(0, random.Next(1, 7)).Select(_ => random.Next(0, 12)).ToArray();
        var shards = TestShards.Write(dir.Path, counts);
        var world = random.Next(1, 5);
        var options = new ReaderOptions
        {
            Seed = seed, BatchSize = random.Next(1, 6), World = world, Balance = RankBalance.DropLast,
            CycleLength = random.Next(1, 5), BlockLength = random.Next(1, 4), ShuffleBuffer = random.Next(1, 20),
        };

        var shares = Enumerable.Range(0, world).Select(r => Read(dir.Path, options with { Rank = r }, 0, int.MaxValue, null).Batches).ToList();

        Assert.Single(shares.Select(s => s.Count).Distinct());
        var ids = shares.SelectMany(s => s).SelectMany(b => b.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(counts.Sum() / world * world, ids.Count);
        Assert.Subset(shards.AllIds.ToHashSet(), ids.ToHashSet());
    }

    private static (List<string> Batches, PipelineState State) Read(string folder, ReaderOptions options, int epoch, int take, PipelineState? state)
    {
        return ReadAsync().GetAwaiter().GetResult();

        async Task<(List<string>, PipelineState)> ReadAsync()
        {
            await using var reader = ReaderPipeline.Open(folder, options, out _);
            reader.Reset(epoch);
            if (state is not null)
            {
                reader.RestoreState(state);
            }

            var batches = new List<string>();
            while (batches.Count < take && await reader.MoveNextAsync().ConfigureAwait(false))
            {
                batches.Add(string.Join(' ', TestShards.IdsOf(reader.Current)));
            }

            return (batches, reader.SaveState());
        }
    }
}
