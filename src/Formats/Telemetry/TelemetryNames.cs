namespace Cluster.Formats.Telemetry;

/// <summary>
/// The names operators subscribe to: one ActivitySource per layer and one Meter for the whole product.
/// Cluster.Telemetry's hosting extension subscribes to all of them.
/// </summary>
public static class TelemetryNames
{
    /// <summary>Job, shard and batch spans of a conversion (client, grains).</summary>
    public const string ConversionSource = "Cluster.Conversion";

    /// <summary>Epoch and batch spans of the interleaving reader.</summary>
    public const string ReaderSource = "Cluster.Reader";

    /// <summary>Step spans of the trainer.</summary>
    public const string TrainerSource = "Cluster.Trainer";

    /// <summary>The meter holding every instrument in <see cref="ClusterMetrics"/>.</summary>
    public const string Meter = "Cluster";

    /// <summary>Every ActivitySource the product writes to.</summary>
    public static IReadOnlyList<string> ActivitySources { get; } = [ConversionSource, ReaderSource, TrainerSource];
}
