using System.Diagnostics;

namespace Cluster.Formats.Telemetry;

/// <summary>
/// Starts the spans of a conversion. Each returns null when nobody listens. Without an explicit parent, the span is
/// a child of <see cref="Activity.Current"/> (in a grain, the caller's span when Orleans activity propagation is on).
/// </summary>
public static class ConversionSpans
{
    /// <summary>The client's span for <c>cluster convert</c>: submitting and following one job.</summary>
    public static Activity? StartConvertCommand(string jobId, string format, int shardCount)
    {
        var activity = ClusterActivitySources.Conversion.StartActivity(SpanNames.ConvertCommand, ActivityKind.Client);
        activity?.SetTag(TelemetryAttributes.JobId, jobId);
        activity?.SetTag(TelemetryAttributes.DatasetFormat, format);
        activity?.SetTag(TelemetryAttributes.ShardCount, shardCount);
        return activity;
    }

    public static Activity? StartJob(string jobId, string format, int shardCount, ActivityContext parent = default)
    {
        var activity = ClusterActivitySources.Conversion.StartActivity(SpanNames.ConversionJob, ActivityKind.Internal, parent);
        activity?.SetTag(TelemetryAttributes.JobId, jobId);
        activity?.SetTag(TelemetryAttributes.DatasetFormat, format);
        activity?.SetTag(TelemetryAttributes.ShardCount, shardCount);
        return activity;
    }

    public static Activity? StartShard(string jobId, int shardIndex, string shardUri, ActivityContext parent = default)
    {
        var activity = ClusterActivitySources.Conversion.StartActivity(SpanNames.Shard, ActivityKind.Internal, parent);
        activity?.SetTag(TelemetryAttributes.JobId, jobId);
        activity?.SetTag(TelemetryAttributes.ShardIndex, shardIndex);
        activity?.SetTag(TelemetryAttributes.ShardUri, shardUri);
        return activity;
    }

    public static Activity? StartBatch(string jobId, int shardIndex, long batchIndex, ActivityContext parent = default)
    {
        var activity = ClusterActivitySources.Conversion.StartActivity(SpanNames.ShardBatch, ActivityKind.Internal, parent);
        activity?.SetTag(TelemetryAttributes.JobId, jobId);
        activity?.SetTag(TelemetryAttributes.ShardIndex, shardIndex);
        activity?.SetTag(TelemetryAttributes.BatchIndex, batchIndex);
        return activity;
    }

    /// <summary>Puts the written totals on a job, shard or batch span.</summary>
    public static void SetTotals(this Activity? activity, long records, long bytes)
    {
        activity?.SetTag(TelemetryAttributes.Records, records);
        activity?.SetTag(TelemetryAttributes.Bytes, bytes);
    }
}
