namespace Cluster.Telemetry;

/// <summary>Orleans' own sources: grain calls (with activity propagation on) and silo lifecycle stages.</summary>
public static class OrleansTelemetryNames
{
    public const string ApplicationSource = "Microsoft.Orleans.Application";
    public const string LifecycleSource = "Microsoft.Orleans.Lifecycle";

    /// <summary>Orleans' runtime meter (messaging, grains, membership).</summary>
    public const string Meter = "Microsoft.Orleans";
}
