namespace Cluster.Telemetry;

/// <summary>What a host adds to the standard OTEL_* configuration; everything about export comes from OTEL_*.</summary>
public sealed record ClusterTelemetryOptions
{
    /// <summary>service.name when neither OTEL_SERVICE_NAME nor OTEL_RESOURCE_ATTRIBUTES sets one.</summary>
    public required string DefaultServiceName { get; init; }

    /// <summary>Also print spans, metrics and logs to stdout (the <c>--console-telemetry</c> switch).</summary>
    public bool ConsoleExporter { get; init; }
}
