namespace Cluster.Formats.Telemetry;

/// <summary>Attribute (tag) names on spans and metric points, namespaced by layer.</summary>
public static class TelemetryAttributes
{
    public const string JobId = "tfrecord.job.id";
    public const string DatasetFormat = "tfrecord.dataset.format";
    public const string ShardIndex = "tfrecord.shard.index";
    public const string ShardCount = "tfrecord.shard.count";
    public const string ShardUri = "tfrecord.shard.uri";
    public const string BatchIndex = "tfrecord.batch.index";
    public const string Records = "tfrecord.records";
    public const string Bytes = "tfrecord.bytes";
    public const string QuarantineReason = "tfrecord.quarantine.reason";
    public const string ReaderEpoch = "reader.epoch";
    public const string ReaderBatchIndex = "reader.batch.index";
    public const string ReaderBatchSize = "reader.batch.size";
    public const string TrainerRank = "trainer.rank";
    public const string TrainerWorldSize = "trainer.world_size";
    public const string TrainerStep = "trainer.step";
    public const string TrainerLoss = "trainer.loss";

    /// <summary>OpenTelemetry semantic convention: the class of error that ended the operation.</summary>
    public const string ErrorType = "error.type";
}
