using Cluster.Formats.Telemetry;
using OpenTelemetry.Metrics;

namespace Cluster.Telemetry.Tests;

public sealed class ClusterMetricsTests
{
    [Fact]
    public async Task RecordsWritten_TwoShards_CountersTotalPerJob()
    {
        await using var host = await InMemoryTelemetryHost.StartAsync();
        var jobId = $"job-{Guid.NewGuid():N}";

        ClusterMetrics.Default.RecordsWritten(jobId, shardIndex: 0, recordCount: 7, byteCount: 700);
        ClusterMetrics.Default.RecordsWritten(jobId, shardIndex: 1, recordCount: 5, byteCount: 512);
        ClusterMetrics.Default.RecordsWritten(jobId, shardIndex: 0, recordCount: 1, byteCount: 100);
        host.Flush();

        Assert.Equal(13, Sum(host, MetricNames.Records, jobId));
        Assert.Equal(1312, Sum(host, MetricNames.Bytes, jobId));
    }

    [Fact]
    public async Task RowQuarantined_ByReason_CountsEachReasonSeparately()
    {
        await using var host = await InMemoryTelemetryHost.StartAsync();
        var jobId = $"job-{Guid.NewGuid():N}";

        ClusterMetrics.Default.RowQuarantined(jobId, "image_missing");
        ClusterMetrics.Default.RowQuarantined(jobId, "image_missing");
        ClusterMetrics.Default.RowQuarantined(jobId, "box_out_of_bounds", rows: 3);
        host.Flush();

        var byReason = Points(host, MetricNames.QuarantinedRows, jobId)
            .ToDictionary(p => (string)Tag(p, TelemetryAttributes.QuarantineReason)!, p => p.GetSumLong());
        Assert.Equal(2, byReason["image_missing"]);
        Assert.Equal(3, byReason["box_out_of_bounds"]);
    }

    [Fact]
    public async Task BatchWritten_InsideASampledSpan_HistogramCarriesATraceBasedExemplar()
    {
        await using var host = await InMemoryTelemetryHost.StartAsync();
        var jobId = $"job-{Guid.NewGuid():N}";

        using (var batch = ConversionSpans.StartBatch(jobId, 0, 0))
        {
            Assert.NotNull(batch);
            ClusterMetrics.Default.BatchWritten(jobId, TimeSpan.FromMilliseconds(250));
            host.Flush();

            var point = Assert.Single(Points(host, MetricNames.BatchDuration, jobId));
            Assert.Equal(1, point.GetHistogramCount());
            Assert.Equal(0.25, point.GetHistogramSum(), precision: 6);
            Assert.True(point.TryGetExemplars(out var exemplars));
            var exemplar = Assert.Single(List(exemplars), e => e.TraceId == batch.TraceId);
            Assert.Equal(batch.SpanId, exemplar.SpanId);
        }
    }

    [Fact]
    public async Task BatchWritten_OutsideAnySpan_HasNoExemplar()
    {
        await using var host = await InMemoryTelemetryHost.StartAsync();
        var jobId = $"job-{Guid.NewGuid():N}";
        System.Diagnostics.Activity.Current = null;

        ClusterMetrics.Default.BatchWritten(jobId, TimeSpan.FromMilliseconds(10));
        host.Flush();

        var point = Assert.Single(Points(host, MetricNames.BatchDuration, jobId));
        Assert.False(point.TryGetExemplars(out var exemplars) && List(exemplars).Count > 0);
    }

    [Fact]
    public async Task ReaderAndTrainerInstruments_Recorded_ExportQueueDepthStepTimeAndLoss()
    {
        await using var host = await InMemoryTelemetryHost.StartAsync();
        var rank = Random.Shared.Next(1000, int.MaxValue);

        ClusterMetrics.Default.ReaderQueueChanged(rank, +1);
        ClusterMetrics.Default.ReaderQueueChanged(rank, +1);
        ClusterMetrics.Default.ReaderQueueChanged(rank, -1);
        ClusterMetrics.Default.TrainerStepTaken(rank, TimeSpan.FromSeconds(0.5), loss: 2.5);
        ClusterMetrics.Default.TrainerStepTaken(rank, TimeSpan.FromSeconds(1.5), loss: 1.25);
        host.Flush();

        Assert.Equal(1, Single(host, MetricNames.ReaderQueueDepth, TelemetryAttributes.TrainerRank, rank).GetSumLong());
        var steps = Single(host, MetricNames.TrainerStepDuration, TelemetryAttributes.TrainerRank, rank);
        Assert.Equal(2, steps.GetHistogramCount());
        Assert.Equal(2.0, steps.GetHistogramSum(), precision: 6);
        Assert.Equal(1.25, Single(host, MetricNames.TrainerLoss, TelemetryAttributes.TrainerRank, rank).GetGaugeLastValueDouble());
        Assert.Equal(MetricType.LongSumNonMonotonic, Latest(host, MetricNames.ReaderQueueDepth).MetricType);
        Assert.Equal(MetricType.DoubleGauge, Latest(host, MetricNames.TrainerLoss).MetricType);
    }

    private static MetricSnapshot Latest(InMemoryTelemetryHost host, string name) => host.Metrics.Last(m => m.Name == name);

    private static IEnumerable<MetricPoint> Points(InMemoryTelemetryHost host, string name, string jobId) =>
        Latest(host, name).MetricPoints.Where(p => (string?)Tag(p, TelemetryAttributes.JobId) == jobId);

    private static MetricPoint Single(InMemoryTelemetryHost host, string name, string tag, object value) =>
        Assert.Single(Latest(host, name).MetricPoints, p => Equals(Tag(p, tag), value));

    private static long Sum(InMemoryTelemetryHost host, string name, string jobId) =>
        Points(host, name, jobId).Sum(p => p.GetSumLong());

    private static List<Exemplar> List(ReadOnlyExemplarCollection exemplars)
    {
        var list = new List<Exemplar>();
        foreach (ref readonly var exemplar in exemplars)
        {
            list.Add(exemplar);
        }

        return list;
    }

    private static object? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }

        return null;
    }
}
