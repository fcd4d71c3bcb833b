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

    public static Activity? StartBatch(int epoch, long batchIndex, int batchSize)
    {
        var activity = ClusterActivitySources.Reader.StartActivity(SpanNames.ReaderBatch);
        activity?.SetTag(TelemetryAttributes.ReaderEpoch, epoch);
        activity?.SetTag(TelemetryAttributes.ReaderBatchIndex, batchIndex);
        activity?.SetTag(TelemetryAttributes.ReaderBatchSize, batchSize);
        return activity;
    }
}
