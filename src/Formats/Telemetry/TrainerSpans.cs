using System.Diagnostics;

namespace Cluster.Formats.Telemetry;

/// <summary>Starts the trainer's step span (null when nobody listens).</summary>
public static class TrainerSpans
{
    public static Activity? StartStep(long step, int rank, int worldSize)
    {
        var activity = ClusterActivitySources.Trainer.StartActivity(SpanNames.TrainerStep);
        activity?.SetTag(TelemetryAttributes.TrainerStep, step);
        activity?.SetTag(TelemetryAttributes.TrainerRank, rank);
        activity?.SetTag(TelemetryAttributes.TrainerWorldSize, worldSize);
        return activity;
    }
}
