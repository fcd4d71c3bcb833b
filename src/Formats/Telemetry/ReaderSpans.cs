using System.Diagnostics;

namespace Cluster.Formats.Telemetry;

/// <summary>Starts the reader's epoch and batch spans (null when nobody listens).</summary>
public static class ReaderSpans
{
    public static Activity? StartEpoch(int epoch, int rank, int worldSize)
    {
        var activity = ClusterActivitySources.Reader.StartActivity(SpanNames.ReaderEpoch);
        activity?.SetTag(TelemetryAttributes.ReaderEpoch, epoch);
        activity?.SetTag(TelemetryAttributes.TrainerRank, rank);
        activity?.SetTag(TelemetryAttributes.TrainerWorldSize, worldSize);
        return activity;
    }

    /// <summary>
    /// A batch span; <paramref name="parent"/> is its epoch span (pass it explicitly: a pipeline stage's async calls do not
    /// keep <see cref="Activity.Current"/>), <paramref name="startTime"/> when the wait for the batch began, if already past.
    /// </summary>
    public static Activity? StartBatch(int epoch, long batchIndex, int batchSize, ActivityContext parent = default, DateTimeOffset startTime = default)
    {
        var activity = ClusterActivitySources.Reader.StartActivity(SpanNames.ReaderBatch, ActivityKind.Internal, parent, startTime: startTime);
        activity?.SetTag(TelemetryAttributes.ReaderEpoch, epoch);
        activity?.SetTag(TelemetryAttributes.ReaderBatchIndex, batchIndex);
        activity?.SetTag(TelemetryAttributes.ReaderBatchSize, batchSize);
        return activity;
    }
}
