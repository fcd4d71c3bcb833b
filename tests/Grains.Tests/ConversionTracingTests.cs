using System.Collections.Concurrent;
using System.Diagnostics;
using Cluster.Formats.Telemetry;
using Cluster.Tests.Shared;

namespace Cluster.Grains.Tests;

/// <summary>The grains' spans seen by an <see cref="ActivityListener"/> (what an OpenTelemetry SDK subscribes with):
/// a shard whose write fails ends its shard span with error status and <c>error.type</c>, and
/// the job span records the job's failure; the shard spans are children of the job span although a timer drove them.</summary>
[Collection(ConversionCluster.Collection)]
public sealed class ConversionTracingTests : IDisposable
{
    private readonly TempDirectory _temp = new("cluster-tracing");
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public ConversionTracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TelemetryNames.ConversionSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task ShardWriteFails_ShardBatchAndJobSpansRecordErrorStatusAndType()
    {
        var data = GeneratedDataset.Create(_temp.File("data"), images: 80, missing: 0);
        var spec = new ConversionJobSpec
        {
            Format = "csv", ManifestPath = data.Manifest, ImagesRoot = data.Images, OutputDir = _temp.File("out"), ShardCount = 2, Seed = 5,
        };
        Directory.CreateDirectory(spec.OutputDir);
        var gate = new WriteGate(holding: false);
        gate.FailShard(1);
        var jobId = $"failing-{Guid.NewGuid():N}";
        await using var cluster = await ConversionCluster.StartAsync(1, gate);
        var job = cluster.GrainFactory.GetGrain<IConversionJobGrain>(jobId);

        await job.StartAsync(spec);
        var progress = await JobWatch.UntilFinishedAsync(job, TimeSpan.FromSeconds(60));
        Assert.Equal(JobPhase.Failed, progress.Phase);
        await JobWatch.UntilAsync(() => Spans(jobId).Any(s => s.OperationName == SpanNames.ConversionJob), TimeSpan.FromSeconds(10), "the job span to end");

        var spans = Spans(jobId);
        var jobSpan = Assert.Single(spans, s => s.OperationName == SpanNames.ConversionJob);
        Assert.Equal(ActivityStatusCode.Error, jobSpan.Status);
        Assert.Equal("shard_failed", jobSpan.GetTagItem(TelemetryAttributes.ErrorType));
        var failedShard = Assert.Single(spans, s => s.OperationName == SpanNames.Shard && Equals(s.GetTagItem(TelemetryAttributes.ShardIndex), 1));
        Assert.Equal(ActivityStatusCode.Error, failedShard.Status);
        Assert.Equal(typeof(IOException).FullName, failedShard.GetTagItem(TelemetryAttributes.ErrorType));
        Assert.Equal(jobSpan.TraceId, failedShard.TraceId);
        Assert.Equal(jobSpan.SpanId, failedShard.ParentSpanId);
        // The failure struck between two batches (at the write gate): the batches before it ended well, under the shard.
        var batchesOfFailed = spans.Where(s => s.OperationName == SpanNames.ShardBatch && s.ParentSpanId == failedShard.SpanId).ToList();
        Assert.NotEmpty(batchesOfFailed);
        Assert.All(batchesOfFailed, b => Assert.Equal(ActivityStatusCode.Unset, b.Status));
        Assert.All(spans.Where(s => s.OperationName == SpanNames.Shard && !Equals(s.GetTagItem(TelemetryAttributes.ShardIndex), 1)),
            s => Assert.Equal(jobSpan.SpanId, s.ParentSpanId));
    }

    private List<Activity> Spans(string jobId) => [.. _stopped.Where(a => Equals(a.GetTagItem(TelemetryAttributes.JobId), jobId))];
}
