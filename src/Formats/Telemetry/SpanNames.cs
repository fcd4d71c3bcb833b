namespace Cluster.Formats.Telemetry;

/// <summary>Span names: one per unit of work, never one per record.</summary>
public static class SpanNames
{
    /// <summary>The <c>cluster convert</c> command: submits a job and follows it; the root of the job's trace.</summary>
    public const string ConvertCommand = "cluster.convert";

    /// <summary>A whole conversion job, child of the grain call that started it.</summary>
    public const string ConversionJob = "tfrecord.job";

    /// <summary>One output shard, child of the job span.</summary>
    public const string Shard = "tfrecord.shard";

    /// <summary>A batch of records written to a shard, child of the shard span.</summary>
    public const string ShardBatch = "tfrecord.batch";

    /// <summary>One pass of the reader over the data.</summary>
    public const string ReaderEpoch = "reader.epoch";

    /// <summary>One decoded batch handed to the trainer, child of the epoch span.</summary>
    public const string ReaderBatch = "reader.batch";

    /// <summary>One optimizer step of the trainer.</summary>
    public const string TrainerStep = "trainer.step";
}
