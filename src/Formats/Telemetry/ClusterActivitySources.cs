using System.Diagnostics;

namespace Cluster.Formats.Telemetry;

/// <summary>The product's ActivitySources; start spans through <see cref="ConversionSpans"/>, <see cref="ReaderSpans"/>, <see cref="TrainerSpans"/>.</summary>
public static class ClusterActivitySources
{
    private static readonly string? Version = typeof(ClusterActivitySources).Assembly.GetName().Version?.ToString();

    public static ActivitySource Conversion { get; } = new(TelemetryNames.ConversionSource, Version);

    public static ActivitySource Reader { get; } = new(TelemetryNames.ReaderSource, Version);

    public static ActivitySource Trainer { get; } = new(TelemetryNames.TrainerSource, Version);
}
