using Cluster.Formats.Telemetry;
using Cluster.Tests.Otlp;

namespace Cluster.Telemetry.Tests;

/// <summary>Spans and metrics leave through Cluster.Telemetry's OTLP exporter and come back from a real receiver.</summary>
public sealed class AspireDashboardExportTests(AspireDashboardFixture dashboard, OtlpMetricsReceiver metricsReceiver)
    : IClassFixture<AspireDashboardFixture>, IClassFixture<OtlpMetricsReceiver>
{
    [Theory]
    [InlineData("http/protobuf")]
    [InlineData("grpc")]
    public async Task ConversionTrace_ExportedOverOtlp_DashboardHoldsJobShardsAndBatchesWithParentLinks(string protocol)
    {
        var jobId = $"job-{Guid.NewGuid():N}";
        var service = $"cluster-test-{protocol.Replace('/', '-')}";
        await using var host = await OtlpExportHost.StartAsync(Settings(protocol, service), "unused-default");

        string traceId;
        using (var job = ConversionSpans.StartJob(jobId, "voc", shardCount: 3))
        {
            Assert.NotNull(job);
            traceId = job.TraceId.ToHexString();
            for (var shard = 0; shard < 3; shard++)
            {
                using var shardSpan = ConversionSpans.StartShard(jobId, shard, $"file:///out/train-{shard:D5}-of-00003.tfrecord");
                using (var batch = ConversionSpans.StartBatch(jobId, shard, 0))
                {
                    batch.SetTotals(4, 4096);
                }

                if (shard == 2)
                {
                    shardSpan.RecordFailure(new IOException("disk full"));
                }
            }

            job.SetTotals(12, 12288);
        }

        host.Flush();
        var spans = await dashboard.WaitForSpansAsync(traceId, s => s.Count >= 7, "1 job + 3 shard + 3 batch spans");

        Assert.Equal(7, spans.Count);
        Assert.All(spans, s => Assert.Equal(service, s.ServiceName));
        Assert.All(spans, s => Assert.Equal(TelemetryNames.ConversionSource, s.ScopeName));
        var root = Assert.Single(spans, s => s.Name == SpanNames.ConversionJob);
        Assert.Equal(string.Empty, root.ParentSpanId);
        Assert.Equal(jobId, root.Attributes[TelemetryAttributes.JobId]);
        Assert.Equal("12", root.Attributes[TelemetryAttributes.Records]);
        var shards = spans.Where(s => s.Name == SpanNames.Shard).ToList();
        Assert.Equal(3, shards.Count);
        Assert.All(shards, s => Assert.Equal(root.SpanId, s.ParentSpanId));
        Assert.Equal(["0", "1", "2"], shards.Select(s => s.Attributes[TelemetryAttributes.ShardIndex]).Order());
        Assert.Equal(
            shards.Select(s => s.SpanId).Order(),
            spans.Where(s => s.Name == SpanNames.ShardBatch).Select(b => b.ParentSpanId).Order());
        var failed = Assert.Single(spans, s => s.IsError);
        Assert.Equal("2", failed.Attributes[TelemetryAttributes.ShardIndex]);
        Assert.Equal("System.IO.IOException", failed.Attributes[TelemetryAttributes.ErrorType]);
        Assert.Equal("file:///out/train-00002-of-00003.tfrecord", failed.Attributes[TelemetryAttributes.ShardUri]);
    }

    [Fact]
    public async Task ConversionMetrics_ExportedOverOtlp_CounterTotalsAndExemplarsMatchTheDashboardTrace()
    {
        var jobId = $"job-{Guid.NewGuid():N}";
        var settings = Settings("http/protobuf", "cluster-metrics-test");
        settings["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = metricsReceiver.MetricsEndpoint.ToString();
        await using var host = await OtlpExportHost.StartAsync(settings, "unused-default");

        string traceId;
        var batchSpanIds = new List<string>();
        using (var job = ConversionSpans.StartJob(jobId, "csv", shardCount: 2))
        {
            traceId = job!.TraceId.ToHexString();
            for (var shard = 0; shard < 2; shard++)
            {
                using var shardSpan = ConversionSpans.StartShard(jobId, shard, $"file:///out/s{shard}.tfrecord");
                for (var batchIndex = 0; batchIndex < 3; batchIndex++)
                {
                    using var batch = ConversionSpans.StartBatch(jobId, shard, batchIndex);
                    batchSpanIds.Add(batch!.SpanId.ToHexString());
                    ClusterMetrics.Default.RecordsWritten(jobId, shard, recordCount: 10 + shard, byteCount: 1000);
                    ClusterMetrics.Default.BatchWritten(jobId, TimeSpan.FromMilliseconds(20));
                }
            }

            ClusterMetrics.Default.RowQuarantined(jobId, "image_missing", rows: 2);
        }

        host.Flush();
        var records = await metricsReceiver.WaitForSeriesAsync(
            MetricNames.Records, TelemetryAttributes.JobId, jobId, s => s.Count == 2 && s.Sum(p => p.IntValue) == 63);
        Assert.Equal([30L, 33L], records.OrderBy(p => p.Attributes[TelemetryAttributes.ShardIndex]).Select(p => p.IntValue!.Value));
        Assert.All(records, p => Assert.Equal("cluster-metrics-test", p.ServiceName));
        var bytes = await metricsReceiver.WaitForSeriesAsync(
            MetricNames.Bytes, TelemetryAttributes.JobId, jobId, s => s.Sum(p => p.IntValue) == 6000);
        Assert.Equal(2, bytes.Count);
        var quarantined = await metricsReceiver.WaitForSeriesAsync(
            MetricNames.QuarantinedRows, TelemetryAttributes.JobId, jobId, s => s.Count == 1);
        Assert.Equal("image_missing", quarantined[0].Attributes[TelemetryAttributes.QuarantineReason]);
        Assert.Equal(2, quarantined[0].IntValue);
        var durations = await metricsReceiver.WaitForSeriesAsync(
            MetricNames.BatchDuration, TelemetryAttributes.JobId, jobId, s => s.Count == 1 && s[0].HistogramCount == 6);
        Assert.Equal(0.12, durations[0].HistogramSum!.Value, precision: 6);

        // Trace-based exemplars point at batch spans the dashboard holds in the job's trace.
        Assert.Contains(durations[0].Exemplars, e => e.TraceId == traceId);
        var exemplar = durations[0].Exemplars.First(e => e.TraceId == traceId);
        Assert.Contains(exemplar.SpanId, batchSpanIds);
        var spans = await dashboard.WaitForSpansAsync(traceId, s => s.Count >= 9, "1 job + 2 shard + 6 batch spans");
        Assert.Contains(spans, s => s.SpanId == exemplar.SpanId && s.Name == SpanNames.ShardBatch);
    }

    [Fact]
    public async Task Metrics_ExportedToTheDashboard_ResourceReportsMetrics()
    {
        var service = $"cluster-hasmetrics-{Guid.NewGuid():N}";
        await using var host = await OtlpExportHost.StartAsync(Settings("http/protobuf", service), "unused-default");

        ClusterMetrics.Default.RecordsWritten($"job-{Guid.NewGuid():N}", 0, 1, 1);
        host.Flush();

        // Only hasMetrics is checked: the host's tracer listens to the cluster's ActivitySource process-wide, so spans
        // that test classes running in parallel start may be exported under this service too (hasTraces is not ours).
        // (WaitForResourceAsync throws if the dashboard never lists the service with hasMetrics=true within 30 s.)
        await dashboard.WaitForResourceAsync(service, r => r.GetProperty("hasMetrics").GetBoolean(), "hasMetrics=true");
    }

    private Dictionary<string, string?> Settings(string protocol, string service) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = (protocol == "grpc" ? dashboard.OtlpGrpcEndpoint : dashboard.OtlpHttpEndpoint).ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
        ["OTEL_SERVICE_NAME"] = service,
        ["OTEL_RESOURCE_ATTRIBUTES"] = "tfrecord.run.id=test",
    };
}
