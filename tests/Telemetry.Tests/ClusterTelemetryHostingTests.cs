using System.Diagnostics;
using Cluster.Formats.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Cluster.Telemetry.Tests;

public sealed class ClusterTelemetryHostingTests
{
    [Fact]
    public async Task AddClusterTelemetry_ConversionSpans_ExportWithParentLinksAndAttributes()
    {
        await using var host = await InMemoryTelemetryHost.StartAsync();
        var jobId = $"job-{Guid.NewGuid():N}";

        using (var job = ConversionSpans.StartJob(jobId, "csv", shardCount: 2))
        {
            for (var shard = 0; shard < 2; shard++)
            {
                using var shardSpan = ConversionSpans.StartShard(jobId, shard, $"file:///out/train-{shard:D5}-of-00002.tfrecord");
                using (var batch = ConversionSpans.StartBatch(jobId, shard, batchIndex: 0))
                {
                    batch.SetTotals(records: 10, bytes: 1000);
                }

                shardSpan.SetTotals(records: 10, bytes: 1000);
            }

            job.SetTotals(records: 20, bytes: 2000);
        }

        host.Flush();
        var spans = host.Spans.Where(s => (string?)s.GetTagItem(TelemetryAttributes.JobId) == jobId).ToList();
        var root = Assert.Single(spans, s => s.OperationName == SpanNames.ConversionJob);
        var shards = spans.Where(s => s.OperationName == SpanNames.Shard).ToList();
        var batches = spans.Where(s => s.OperationName == SpanNames.ShardBatch).ToList();
        Assert.Equal(default, root.ParentSpanId);
        Assert.Equal(2, shards.Count);
        Assert.All(shards, s => Assert.Equal(root.SpanId, s.ParentSpanId));
        Assert.All(spans, s => Assert.Equal(root.TraceId, s.TraceId));
        Assert.Equal(shards.Select(s => s.SpanId.ToHexString()).Order(), batches.Select(b => b.ParentSpanId.ToHexString()).Order());
        Assert.Equal([0, 1], shards.Select(s => (int)s.GetTagItem(TelemetryAttributes.ShardIndex)!).Order());
        Assert.Equal(20L, root.GetTagItem(TelemetryAttributes.Records));
        Assert.Equal("csv", root.GetTagItem(TelemetryAttributes.DatasetFormat));
    }

    [Fact]
    public async Task AddClusterTelemetry_OrleansSources_AreSubscribed()
    {
        await using var host = await InMemoryTelemetryHost.StartAsync();
        using var application = new ActivitySource(OrleansTelemetryNames.ApplicationSource);
        using var lifecycle = new ActivitySource(OrleansTelemetryNames.LifecycleSource);
        using var unrelated = new ActivitySource("Some.Other.Library");
        var marker = Guid.NewGuid().ToString("N");

        foreach (var source in new[] { application, lifecycle, unrelated })
        {
            using var span = source.StartActivity("call");
            span?.SetTag("marker", marker);
        }

        host.Flush();
        var sources = host.Spans.Where(s => (string?)s.GetTagItem("marker") == marker).Select(s => s.Source.Name).Order().ToList();
        Assert.Equal([OrleansTelemetryNames.ApplicationSource, OrleansTelemetryNames.LifecycleSource], sources);
    }

    [Fact]
    public async Task AddClusterTelemetry_ReaderAndTrainerSpans_AreExported()
    {
        await using var host = await InMemoryTelemetryHost.StartAsync();
        // A sampled local root keeps the reader's spans in one trace this test can pick out.
        using var root = new Activity("test-root") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start();

        using (ReaderSpans.StartEpoch(epoch: 3, rank: 1, worldSize: 2))
        {
            using (ReaderSpans.StartBatch(epoch: 3, batchIndex: 7, batchSize: 32))
            {
            }

            using (TrainerSpans.StartStep(step: 100, rank: 1, worldSize: 2))
            {
            }
        }

        host.Flush();
        var mine = host.Spans.Where(s => s.TraceId == root.TraceId).ToDictionary(s => s.OperationName);
        Assert.Equal(mine[SpanNames.ReaderEpoch].SpanId, mine[SpanNames.ReaderBatch].ParentSpanId);
        Assert.Equal(mine[SpanNames.ReaderEpoch].SpanId, mine[SpanNames.TrainerStep].ParentSpanId);
        Assert.Equal(32, mine[SpanNames.ReaderBatch].GetTagItem(TelemetryAttributes.ReaderBatchSize));
        Assert.Equal(100L, mine[SpanNames.TrainerStep].GetTagItem(TelemetryAttributes.TrainerStep));
        Assert.Equal(TelemetryNames.TrainerSource, mine[SpanNames.TrainerStep].Source.Name);
    }

    [Fact]
    public async Task AddClusterTelemetry_OtelServiceNameAndResourceAttributes_WinOverTheDefault()
    {
        await using var host = await InMemoryTelemetryHost.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = "cluster-silo",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "tfrecord.run.id=run-42,k8s.pod.name=silo-0",
        });

        var resource = host.Services.GetRequiredService<TracerProvider>().GetResource();
        var attributes = resource.Attributes.ToDictionary(a => a.Key, a => a.Value);

        Assert.Equal("cluster-silo", attributes["service.name"]);
        Assert.Equal("run-42", attributes["tfrecord.run.id"]);
        Assert.Equal("silo-0", attributes["k8s.pod.name"]);
    }

    [Fact]
    public async Task AddClusterTelemetry_NoServiceNameVariable_UsesTheDefault()
    {
        await using var host = await InMemoryTelemetryHost.StartAsync(
            options: new ClusterTelemetryOptions { DefaultServiceName = "cluster" });

        var resource = host.Services.GetRequiredService<TracerProvider>().GetResource();

        Assert.Equal("cluster", resource.Attributes.Single(a => a.Key == "service.name").Value);
    }

    [Fact]
    public void AddClusterTelemetry_CalledTwiceWithOtlp_BuildsOneHost()
    {
        // UseOtlpExporter throws when called twice; a client that embeds a silo calls AddClusterTelemetry from both.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")]);
        var options = new ClusterTelemetryOptions { DefaultServiceName = "twice" };

        builder.AddClusterTelemetry(options).AddClusterTelemetry(options with { ConsoleExporter = true });
        using var host = builder.Build();

        Assert.NotNull(host.Services.GetRequiredService<TracerProvider>());
        Assert.Single(builder.Services, d => d.ServiceType.Name == "ClusterTelemetryMarker");
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318", true)]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:4318/v1/traces", true)]
    [InlineData("OTEL_SERVICE_NAME", "cluster", false)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", " ", false)]
    public void HasOtlpEndpoint_Configuration_OnlyAnEndpointSwitchesExportOn(string key, string value, bool expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        Assert.Equal(expected, ClusterTelemetryHosting.HasOtlpEndpoint(configuration));
    }

    [Theory]
    [InlineData(new[] { "convert", "--console-telemetry" }, true)]
    [InlineData(new[] { "convert", "--console-telemetry=false" }, false)]
    [InlineData(new string[0], false)]
    public void HasConsoleTelemetry_Arguments_DetectsTheSwitch(string[] args, bool expected)
    {
        Assert.Equal(expected, TelemetrySwitches.HasConsoleTelemetry(args));
    }
}
