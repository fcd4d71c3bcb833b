using System.Diagnostics;
using Cluster.Formats.Telemetry;

namespace Cluster.Telemetry.Tests;

public sealed class ActivityFailureTests
{
    [Fact]
    public async Task RecordFailure_Exception_SetsErrorStatusTypeAndEvent()
    {
        await using var host = await InMemoryTelemetryHost.StartAsync();
        var jobId = $"job-{Guid.NewGuid():N}";

        using (var shard = ConversionSpans.StartShard(jobId, 3, "file:///out/s3.tfrecord"))
        {
            shard.RecordFailure(new IOException("disk full writing s3.tfrecord"));
        }

        host.Flush();
        var span = Assert.Single(host.Spans, s => (string?)s.GetTagItem(TelemetryAttributes.JobId) == jobId);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("disk full writing s3.tfrecord", span.StatusDescription);
        Assert.Equal("System.IO.IOException", span.GetTagItem(TelemetryAttributes.ErrorType));
        var exception = Assert.Single(span.Events, e => e.Name == "exception");
        Assert.Contains(exception.Tags, t => t.Key == "exception.type" && (string?)t.Value == "System.IO.IOException");
    }

    [Fact]
    public async Task RecordFailure_NamedType_SetsErrorStatusWithoutAnEvent()
    {
        await using var host = await InMemoryTelemetryHost.StartAsync();
        var jobId = $"job-{Guid.NewGuid():N}";

        using (var job = ConversionSpans.StartJob(jobId, "coco", 4))
        {
            job.RecordFailure("too_many_quarantined", "12 rows quarantined, limit 10");
        }

        host.Flush();
        var span = Assert.Single(host.Spans, s => (string?)s.GetTagItem(TelemetryAttributes.JobId) == jobId);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("too_many_quarantined", span.GetTagItem(TelemetryAttributes.ErrorType));
        Assert.Empty(span.Events);
    }

    [Fact]
    public void RecordFailure_NoListener_ReturnsNullWithoutThrowing()
    {
        Activity? none = null;

        Assert.Null(none.RecordFailure(new InvalidOperationException("x")));
        Assert.Null(none.RecordFailure("type", "description"));
        Assert.Throws<ArgumentNullException>(() => none.RecordFailure((Exception)null!));
    }
}
