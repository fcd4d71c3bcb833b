using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cluster.Formats.Telemetry;
using Cluster.Grains.Writing;

namespace Cluster.Grains.Tests;

/// <summary>A shard's batch telemetry: one span and one set of measurements per batch, never per record; a failed
/// batch is marked failed and its records are not counted as written.</summary>
public sealed class ShardBatchTelemetryTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _spans;
    private readonly MeterListener _meters = new();
    private readonly ConcurrentDictionary<string, double> _totals = new();
    private readonly Meter _meter = new($"test-{Guid.NewGuid():N}");
    private readonly string _jobId = $"job-{Guid.NewGuid():N}";

    public ShardBatchTelemetryTests()
    {
        _spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TelemetryNames.ConversionSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (Equals(a.GetTagItem(TelemetryAttributes.JobId), _jobId)) _stopped.Enqueue(a); },
        };
        ActivitySource.AddActivityListener(_spans);
        _meters.InstrumentPublished = (instrument, listener) => { if (instrument.Meter == _meter) listener.EnableMeasurementEvents(instrument); };
        _meters.SetMeasurementEventCallback<long>((i, v, _, _) => _totals.AddOrUpdate(i.Name, v, (_, t) => t + v));
        _meters.SetMeasurementEventCallback<double>((i, _, _, _) => _totals.AddOrUpdate(i.Name + ".count", 1, (_, t) => t + 1));
        _meters.Start();
    }

    public void Dispose()
    {
        _spans.Dispose();
        _meters.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void Batches_TwoWrittenThenOneFailed_TwoSpansCountedAndTheFailedOneMarked()
    {
        var telemetry = new ShardBatchTelemetry(_jobId, shardIndex: 3, new ClusterMetrics(_meter));
        for (var batch = 0; batch < 2; batch++)
        {
            telemetry.Begin();
            for (var r = 0; r < 5; r++)
            {
                telemetry.Begin(); // a batch already open stays the same batch
                telemetry.RecordWritten(100);
            }

            telemetry.End();
        }

        telemetry.Begin();
        telemetry.RecordWritten(100);
        telemetry.RowQuarantined("missing-image");
        telemetry.Fail(new IOException("disk full"));
        telemetry.End(); // nothing open: no-op

        var spans = _stopped.ToList();
        Assert.Equal(3, spans.Count);
        Assert.Equal([0L, 1L, 2L], spans.Select(s => (long)s.GetTagItem(TelemetryAttributes.BatchIndex)!));
        Assert.All(spans.Take(2), s => Assert.Equal((5L, 500L), ((long)s.GetTagItem(TelemetryAttributes.Records)!, (long)s.GetTagItem(TelemetryAttributes.Bytes)!)));
        Assert.Equal(ActivityStatusCode.Error, spans[2].Status);
        Assert.Equal(typeof(IOException).FullName, spans[2].GetTagItem(TelemetryAttributes.ErrorType));
        Assert.Equal(10, _totals[MetricNames.Records]);
        Assert.Equal(1000, _totals[MetricNames.Bytes]);
        Assert.Equal(1, _totals[MetricNames.QuarantinedRows]);
        Assert.Equal(2, _totals[MetricNames.BatchDuration + ".count"]);
    }
}
