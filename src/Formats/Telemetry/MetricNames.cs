namespace Cluster.Formats.Telemetry;

/// <summary>Instrument names in the <see cref="TelemetryNames.Meter"/> meter.</summary>
public static class MetricNames
{
    public const string Records = "tfrecord.records";
    public const string Bytes = "tfrecord.bytes";
    public const string QuarantinedRows = "tfrecord.quarantined";
    public const string BatchDuration = "tfrecord.batch.duration";
    public const string ReaderQueueDepth = "reader.queue.depth";
    public const string TrainerStepDuration = "trainer.step.duration";
    public const string TrainerLoss = "trainer.loss";
}
