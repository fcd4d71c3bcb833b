using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Cluster.Formats.Telemetry;

/// <summary>
/// The product's instruments. <see cref="Default"/> lives on the shared <see cref="TelemetryNames.Meter"/> meter;
/// a test can build its own on a meter of its own. Record through the methods so tags stay consistent.
/// </summary>
public sealed class ClusterMetrics
{
    private readonly Counter<long> records;
    private readonly Counter<long> bytes;
    private readonly Counter<long> quarantined;
    private readonly Histogram<double> batchDuration;
    private readonly UpDownCounter<long> readerQueueDepth;
    private readonly Histogram<double> trainerStepDuration;
    private readonly Gauge<double> trainerLoss;

    public ClusterMetrics(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        Meter = meter;
        records = meter.CreateCounter<long>(MetricNames.Records, "{record}", "Records written to TFRecord shards");
        bytes = meter.CreateCounter<long>(MetricNames.Bytes, "By", "Bytes written to TFRecord shards, framing included");
        quarantined = meter.CreateCounter<long>(MetricNames.QuarantinedRows, "{row}", "Manifest rows quarantined, by reason");
        batchDuration = meter.CreateHistogram<double>(MetricNames.BatchDuration, "s", "Time to encode and write one batch of records");
        readerQueueDepth = meter.CreateUpDownCounter<long>(MetricNames.ReaderQueueDepth, "{batch}", "Decoded batches waiting for the trainer");
        trainerStepDuration = meter.CreateHistogram<double>(MetricNames.TrainerStepDuration, "s", "Wall time of one optimizer step");
        trainerLoss = meter.CreateGauge<double>(MetricNames.TrainerLoss, "1", "Training loss after the latest step");
    }

    /// <summary>Instruments on the shared meter every host subscribes to.</summary>
    public static ClusterMetrics Default { get; } = new(new Meter(TelemetryNames.Meter, typeof(ClusterMetrics).Assembly.GetName().Version?.ToString()));

    public Meter Meter { get; }

    public void RecordsWritten(string jobId, int shardIndex, long recordCount, long byteCount)
    {
        var tags = new TagList { { TelemetryAttributes.JobId, jobId }, { TelemetryAttributes.ShardIndex, shardIndex } };
        records.Add(recordCount, tags);
        bytes.Add(byteCount, tags);
    }

    public void RowQuarantined(string jobId, string reason, long rows = 1) =>
        quarantined.Add(rows, new TagList { { TelemetryAttributes.JobId, jobId }, { TelemetryAttributes.QuarantineReason, reason } });

    public void BatchWritten(string jobId, TimeSpan duration) =>
        batchDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>(TelemetryAttributes.JobId, jobId));

    /// <summary>+1 when a batch is queued for the trainer, -1 when it is taken.</summary>
    public void ReaderQueueChanged(int rank, long delta) =>
        readerQueueDepth.Add(delta, new KeyValuePair<string, object?>(TelemetryAttributes.TrainerRank, rank));

    public void TrainerStepTaken(int rank, TimeSpan duration, double loss)
    {
        var tag = new KeyValuePair<string, object?>(TelemetryAttributes.TrainerRank, rank);
        trainerStepDuration.Record(duration.TotalSeconds, tag);
        trainerLoss.Record(loss, tag);
    }
}
