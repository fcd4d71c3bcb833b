using Cluster.Formats.Pipeline;
using Cluster.Formats.Telemetry;
using Cluster.Tests.Shared;

namespace Cluster.Formats.Tests.Pipeline;

public sealed class ReaderTelemetryTests
{
    private static readonly int[] Counts = [5, 4, 3];

    private static ReaderOptions Options => new() { Seed = 7, BatchSize = 2, ShuffleBuffer = 4, PrefetchDepth = 3, Rank = 0, World = 1 };

    [Fact]
    public async Task ReaderPipeline_TwoEpochs_OneEpochSpanEachAndOneBatchSpanPerBatchUnderIt()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, Counts);
        using var capture = new ReaderTelemetryCapture();
        var delivered = new List<int>();
        await using (var reader = ReaderPipeline.Build(ShardSource.FromDataset(dir.Path, 7), Options, capture.Metrics))
        {
            for (var epoch = 0; epoch < 2; epoch++)
            {
                reader.Reset(epoch);
                var batches = await reader.ToListAsync();
                delivered.Add(batches.Count);
                Assert.True(capture.QueueDepth >= 0, "queue depth went negative");
            }
        }

        var epochs = capture.Named(SpanNames.ReaderEpoch);
        var batchSpans = capture.Named(SpanNames.ReaderBatch);
        Assert.Equal([6, 6], delivered); // 12 records in batches of 2
        Assert.Equal([0, 1], epochs.Select(e => (int)e.GetTagItem(TelemetryAttributes.ReaderEpoch)!).Order());
        Assert.Equal(delivered.Sum(), batchSpans.Count);
        foreach (var epoch in epochs)
        {
            var number = (int)epoch.GetTagItem(TelemetryAttributes.ReaderEpoch)!;
            var children = batchSpans.Where(b => b.ParentSpanId == epoch.SpanId).ToList();
            Assert.Equal(6, children.Count);
            Assert.All(children, b => Assert.Equal(number, (int)b.GetTagItem(TelemetryAttributes.ReaderEpoch)!));
            Assert.Equal(Enumerable.Range(0, 6).Select(i => (long)i), children.Select(b => (long)b.GetTagItem(TelemetryAttributes.ReaderBatchIndex)!).Order());
            Assert.All(children, b => Assert.Equal(2, (int)b.GetTagItem(TelemetryAttributes.ReaderBatchSize)!));
        }

        Assert.Equal(0, capture.QueueDepth);
    }

    [Fact]
    public async Task ReaderPipeline_StoppedMidEpochAndResumed_TracesTheRestOnceAndQueueDepthReturnsToZero()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, Counts);
        using var capture = new ReaderTelemetryCapture();
        PipelineState state;
        await using (var first = ReaderPipeline.Build(ShardSource.FromDataset(dir.Path, 7), Options, capture.Metrics))
        {
            first.Reset(0);
            for (var i = 0; i < 2; i++)
            {
                Assert.True(await first.MoveNextAsync());
            }

            state = PipelineState.Parse(first.SaveState().ToJsonString());
            await WaitUntilAsync(() => capture.QueueDepth > 0); // the prefetch task has run ahead
        }

        Assert.Equal(0, capture.QueueDepth); // dispose discarded what was queued
        int rest;
        await using (var resumed = ReaderPipeline.Build(ShardSource.FromDataset(dir.Path, 7), Options, capture.Metrics))
        {
            resumed.RestoreState(state);
            rest = (await resumed.ToListAsync()).Count;
        }

        Assert.Equal(4, rest);
        Assert.Equal(2, capture.Named(SpanNames.ReaderEpoch).Count);
        Assert.Equal(6, capture.Named(SpanNames.ReaderBatch).Count);
        Assert.Equal(0, capture.QueueDepth);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "the prefetch task never queued a batch");
    }
}
