namespace Cluster.Telemetry;

/// <summary>Registered once by AddClusterTelemetry, so a host that composes another (client + embedded silo) wires telemetry once.</summary>
internal sealed class ClusterTelemetryMarker;
