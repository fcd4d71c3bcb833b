using System.Diagnostics;
using System.Globalization;
using Cluster.Formats.Datasets;
using Cluster.Formats.Telemetry;
using Cluster.Tests.Otlp;
using Cluster.Tests.Shared;

namespace Cluster.Client.Tests;

/// <summary>
/// The built <c>cluster convert</c> (embedded silo) exports over OTLP, configured only by OTEL_* variables, to a real
/// receiver: the Aspire Dashboard for spans, an OTLP/HTTP endpoint for metrics. One trace holds the client span, the
/// Orleans grain calls, the job span and every shard and batch span; the counters add up to summary.json.
/// </summary>
public sealed class TelemetryEndToEndTests(AspireDashboardFixture dashboard, OtlpMetricsReceiver metrics)
    : IClassFixture<AspireDashboardFixture>, IClassFixture<OtlpMetricsReceiver>, IDisposable
{
    private const int Shards = 3;
    private const string OrleansApplicationSource = "Microsoft.Orleans.Application";
    private readonly TempDirectory _temp = new("cluster-otel");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Convert_WithOtlpEnvironment_OneTraceHoldsClientJobShardsAndGrainCallsAndCountersMatchSummary()
    {
        var service = $"cluster-e2e-{Guid.NewGuid():N}";
        var outDir = _temp.File("out");
        var run = RunCluster(
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = dashboard.OtlpHttpEndpoint.ToString().TrimEnd('/'),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = metrics.MetricsEndpoint.ToString(),
                ["OTEL_SERVICE_NAME"] = service,
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            },
            "convert", "--format", "csv", "--manifest", RepoPaths.Data("annotations", "csv", "raccoon", "train_labels.csv"),
            "--images", RepoPaths.Data("annotations", "voc", "raccoon", "JPEGImages"), "--out", outDir, "--shards", $"{Shards}",
            "--console-telemetry");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Error}");
        var summary = DatasetSummary.Load(outDir);
        var records = summary.Shards.Sum(s => s.Records);
        var bytes = summary.Shards.Sum(s => s.Bytes);
        Assert.True(records > 0 && summary.RowsQuarantined > 0, "the dataset should write records and quarantine rows");

        // --console-telemetry printed the client span; its trace id names the trace to ask the dashboard for.
        var traceId = ConsoleTraceIdOf(run.Out, SpanNames.ConvertCommand);
        Assert.Contains($"job {summary.JobId}: trace {traceId}", run.Error, StringComparison.Ordinal);
        var spans = await dashboard.WaitForSpansAsync(traceId,
            s => s.Count(x => x.Name == SpanNames.Shard) == Shards && s.Any(x => x.Name == SpanNames.ConversionJob),
            "the job span and every shard span");

        var client = Assert.Single(spans, s => s.Name == SpanNames.ConvertCommand);
        Assert.Equal(string.Empty, client.ParentSpanId);
        Assert.Equal(service, client.ServiceName);
        var job = Assert.Single(spans, s => s.Name == SpanNames.ConversionJob);
        Assert.Equal(summary.JobId, job.Attributes[TelemetryAttributes.JobId]);
        Assert.Equal(records.ToString(CultureInfo.InvariantCulture), job.Attributes[TelemetryAttributes.Records]);
        Assert.Contains(client.SpanId, AncestorsOf(job, spans));

        // The job span is started by the StartAsync grain call, which the client's call to it started.
        var startCall = spans.Single(s => s.SpanId == job.ParentSpanId);
        Assert.Equal(OrleansApplicationSource, startCall.ScopeName);
        Assert.Contains("StartAsync", startCall.Name, StringComparison.Ordinal);
        Assert.Contains(spans, s => s.ScopeName == OrleansApplicationSource && s.Name.Contains("EnsureWritingAsync", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.ScopeName == OrleansApplicationSource && s.Name.Contains("ReportShardDoneAsync", StringComparison.Ordinal));

        var shards = spans.Where(s => s.Name == SpanNames.Shard).ToList();
        Assert.All(shards, s => Assert.Equal(job.SpanId, s.ParentSpanId));
        Assert.Equal(Enumerable.Range(0, Shards).Select(i => i.ToString(CultureInfo.InvariantCulture)), shards.Select(s => s.Attributes[TelemetryAttributes.ShardIndex]).Order());
        Assert.All(shards, s => Assert.False(s.IsError));
        var batches = spans.Where(s => s.Name == SpanNames.ShardBatch).ToList();
        Assert.All(batches, b => Assert.Contains(b.ParentSpanId, shards.Select(s => s.SpanId)));
        Assert.Equal(records, batches.Sum(b => long.Parse(b.Attributes[TelemetryAttributes.Records], CultureInfo.InvariantCulture)));

        // Counters: the cumulative totals the process exported on its way out equal what summary.json says was written.
        var recordSeries = await metrics.WaitForSeriesAsync(MetricNames.Records, TelemetryAttributes.JobId, summary.JobId, s => s.Sum(p => p.IntValue) == records);
        Assert.Equal(records, recordSeries.Sum(p => p.IntValue));
        var byteSeries = await metrics.WaitForSeriesAsync(MetricNames.Bytes, TelemetryAttributes.JobId, summary.JobId, s => s.Sum(p => p.IntValue) == bytes);
        Assert.Equal(bytes, byteSeries.Sum(p => p.IntValue));
        var quarantined = await metrics.WaitForSeriesAsync(MetricNames.QuarantinedRows, TelemetryAttributes.JobId, summary.JobId,
            s => s.Sum(p => p.IntValue) == summary.RowsQuarantined);
        Assert.Equal(
            summary.QuarantinedByReason.OrderBy(p => p.Key, StringComparer.Ordinal),
            quarantined.Select(p => KeyValuePair.Create(p.Attributes[TelemetryAttributes.QuarantineReason], p.IntValue!.Value)).OrderBy(p => p.Key, StringComparer.Ordinal));
        var durations = await metrics.WaitForSeriesAsync(MetricNames.BatchDuration, TelemetryAttributes.JobId, summary.JobId, s => s.Count == 1);
        Assert.Equal((ulong)batches.Count, durations[0].HistogramCount);
    }

    private static List<string> AncestorsOf(OtlpSpan span, IReadOnlyList<OtlpSpan> spans)
    {
        var byId = spans.ToDictionary(s => s.SpanId);
        var ancestors = new List<string>();
        while (byId.TryGetValue(span.ParentSpanId, out var parent))
        {
            ancestors.Add(parent.SpanId);
            span = parent;
        }

        return ancestors;
    }

    /// <summary>The trace id of the span named <paramref name="name"/> in the console exporter's output.</summary>
    private static string ConsoleTraceIdOf(string output, string name)
    {
        string? traceId = null;
        foreach (var line in output.Split('\n'))
        {
            var text = line.Trim();
            if (text.StartsWith("Activity.TraceId:", StringComparison.Ordinal))
            {
                traceId = text["Activity.TraceId:".Length..].Trim();
            }
            else if (text == $"Activity.DisplayName: {name}" || (text.StartsWith("Activity.DisplayName:", StringComparison.Ordinal) && text.EndsWith($" {name}", StringComparison.Ordinal)))
            {
                return traceId ?? throw new InvalidOperationException($"no trace id before span {name}");
            }
        }

        throw new InvalidOperationException($"--console-telemetry printed no span {name}:\n{output}");
    }

    private static CliRun.Result RunCluster(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cluster.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"cluster {string.Join(' ', args)} did not finish within 120 s");
        }

        return new CliRun.Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
