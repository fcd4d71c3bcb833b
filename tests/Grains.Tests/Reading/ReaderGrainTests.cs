using Cluster.Formats.Pipeline;
using Cluster.Grains.Reading;

namespace Cluster.Grains.Tests.Reading;

/// <summary>
/// The reader grain against the in-process pipeline on a two-silo test cluster: the same batches per rank, disjoint
/// ranks with equal batch counts, bounded read-ahead under a slow consumer, and exact resume.
/// </summary>
[Collection(ConversionCluster.Collection)]
public sealed class ReaderGrainTests(ReaderClusterFixture fixture) : IClassFixture<ReaderClusterFixture>
{
    private IGrainFactory Grains => fixture.Cluster.Client;

    private static ReaderOptions Options(int rank, int world, int batch = 5) => new()
    {
        Seed = 17,
        BatchSize = batch,
        Rank = rank,
        World = world,
        CycleLength = 3,
        BlockLength = 2,
        ShuffleBuffer = 16,
    };

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ClusterReader_EveryRank_SameBatchesAsInProcess_DisjointAndEqualCounts(int world)
    {
        var seen = new List<string>();
        var counts = new List<int>();
        for (var rank = 0; rank < world; rank++)
        {
            var options = Options(rank, world);
            await using var local = ReaderPipeline.Open(fixture.Dataset, options, out _);
            await using var remote = new ClusterReader(Grains, fixture.Dataset, options, batchesPerCall: 3);
            for (var epoch = 0; epoch < 2; epoch++)
            {
                local.Reset(epoch);
                remote.Reset(epoch);
                var expected = await ReadBatch.AllAsync(local);
                var actual = await ReadBatch.AllAsync(remote);

                ReadBatch.Equal(expected, actual);
                Assert.All(actual.SelectMany(b => b.Handles), h => Assert.Equal(epoch, h.Epoch));
                if (epoch == 0)
                {
                    seen.AddRange(actual.SelectMany(b => b.Ids));
                    counts.Add(actual.Count);
                }
            }
        }

        // Pad mode: every record once, plus at most world - 1 repeats to even the ranks out.
        Assert.Equal(fixture.Ids.Order(StringComparer.Ordinal), seen.Distinct().Order(StringComparer.Ordinal));
        Assert.True(seen.Count - fixture.Ids.Count < world, $"{seen.Count - fixture.Ids.Count} repeats for {world} ranks");
        Assert.Single(counts.Distinct());
    }

    [Fact]
    public async Task Grain_SlowConsumer_ReadsOnlyBoundedAheadThenEverything()
    {
        const int batch = 4, depth = 2, degree = 2;
        var options = Options(0, 1, batch) with { PrefetchDepth = depth, LoadDegree = degree };
        var grain = Grains.GetGrain<IInterleavingReaderGrain>(new ReaderKey(fixture.Dataset, 0, 0).ToString());
        await grain.OpenAsync(ReaderSpec.From(options));
        for (var i = 0; i < 3; i++)
        {
            Assert.Single((await grain.NextAsync(1)).Batches);
        }

        // The consumer now stalls: whatever the prefetch runs ahead, it stops once its bounded queue is full.
        var loaded = await SettledLoadedAsync(grain);
        var progress = await grain.GetProgressAsync();
        Assert.Equal(3, progress.BatchesSent);
        Assert.Equal(3 * batch, progress.RecordsSent);
        var bound = (3 + depth + degree + 2) * batch;
        Assert.InRange(loaded, 3 * batch, bound);
        Assert.True(bound < fixture.Ids.Count / 4, "the dataset must be much larger than the read-ahead bound");

        var chunk = await grain.NextAsync(1000);
        Assert.True(chunk.Ended);
        Assert.Equal(fixture.Ids.Count - 3 * batch, chunk.Batches.Sum(b => b.Records.Length));
    }

    [Fact]
    public async Task ClusterReader_ResumeMidChunk_IdenticalRemainder_AlsoFromInProcessState()
    {
        var options = Options(1, 2);
        List<ReadBatch> full;
        await using (var whole = new ClusterReader(Grains, fixture.Dataset, options, batchesPerCall: 3))
        {
            whole.Reset(1);
            full = await ReadBatch.AllAsync(whole);
        }

        PipelineState saved;
        await using (var first = new ClusterReader(Grains, fixture.Dataset, options, batchesPerCall: 3))
        {
            first.Reset(1);
            ReadBatch.Equal(full[..7], await ReadBatch.AllAsync(first, max: 7));
            saved = PipelineState.Parse(first.SaveState().ToJsonString());
        }

        await using (var resumed = new ClusterReader(Grains, fixture.Dataset, options, batchesPerCall: 3))
        {
            resumed.RestoreState(saved);
            Assert.Equal(1, resumed.Epoch);
            ReadBatch.Equal(full[7..], await ReadBatch.AllAsync(resumed));
        }

        // A checkpoint of the in-process pipeline continues through the cluster just the same.
        await using var local = ReaderPipeline.Open(fixture.Dataset, options, out _);
        local.Reset(1);
        await ReadBatch.AllAsync(local, max: 5);
        await using var switched = new ClusterReader(Grains, fixture.Dataset, options, batchesPerCall: 2);
        switched.RestoreState(local.SaveState());
        ReadBatch.Equal(full[5..], await ReadBatch.AllAsync(switched));
    }

    [Fact]
    public async Task ClusterReader_GrainLosesItsPipeline_ContinuesExactly()
    {
        var options = Options(0, 3);
        List<ReadBatch> full;
        await using (var whole = ReaderPipeline.Open(fixture.Dataset, options, out _))
        {
            full = await ReadBatch.AllAsync(whole);
        }

        await using var reader = new ClusterReader(Grains, fixture.Dataset, options, batchesPerCall: 2);
        var head = await ReadBatch.AllAsync(reader, max: 3);
        // The activation drops its pipeline (as when it is collected or its silo goes); the next chunk asks again.
        await Grains.GetGrain<IInterleavingReaderGrain>(reader.GrainKey).CloseAsync();
        var rest = await ReadBatch.AllAsync(reader);

        ReadBatch.Equal(full, [.. head, .. rest]);
    }

    [Fact]
    public async Task Grain_StateFromAnotherEpoch_RefusedNamingBoth()
    {
        var options = Options(0, 1);
        await using var local = ReaderPipeline.Open(fixture.Dataset, options, out _);
        local.Reset(2);
        var grain = Grains.GetGrain<IInterleavingReaderGrain>(new ReaderKey(fixture.Dataset, 0, 0).ToString());

        var error = await Assert.ThrowsAsync<ReadFailedException>(() => grain.OpenAsync(ReaderSpec.From(options), local.SaveState().ToJsonString()));

        Assert.Equal(ReadFailure.InvalidData, error.Kind);
        Assert.IsType<InvalidDataException>(error.ToLocal());
        Assert.Contains("epoch 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("epoch 0", error.Message, StringComparison.Ordinal);
    }

    private static async Task<long> SettledLoadedAsync(IInterleavingReaderGrain grain)
    {
        var last = -1L;
        for (var stable = 0; stable < 5;)
        {
            await Task.Delay(200);
            var loaded = (await grain.GetProgressAsync()).RecordsLoaded;
            stable = loaded == last ? stable + 1 : 0;
            last = loaded;
        }

        return last;
    }
}
