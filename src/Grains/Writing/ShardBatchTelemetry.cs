using System.Diagnostics;
using Cluster.Formats.Telemetry;

namespace Cluster.Grains.Writing;

/// <summary>
/// The telemetry of one shard write, a batch at a time (never per record): a batch span (child of the current span,
/// the shard's), the records and bytes counters and the batch duration histogram, all recorded when a batch ends;
/// quarantined rows count by reason as they happen.
/// </summary>
internal sealed class ShardBatchTelemetry(string jobId, int shardIndex, ClusterMetrics metrics)
{
    private Activity? _span;
    private bool _open;
    private long _batchIndex;
    private long _records;
    private long _bytes;
    private long _started;

    /// <summary>Opens a batch unless one is open.</summary>
    public void Begin()
    {
        if (_open)
        {
            return;
        }

        _open = true;
        _records = 0;
        _bytes = 0;
        _started = Stopwatch.GetTimestamp();
        _span = ConversionSpans.StartBatch(jobId, shardIndex, _batchIndex);
    }

    /// <summary>One record of <paramref name="frameBytes"/> bytes (framing included) written in the open batch.</summary>
    public void RecordWritten(long frameBytes)
    {
        _records++;
        _bytes += frameBytes;
    }

    public void RowQuarantined(string reason) => metrics.RowQuarantined(jobId, reason);

    /// <summary>Closes the open batch: totals on its span, counters and duration recorded.</summary>
    public void End()
    {
        if (!_open)
        {
            return;
        }

        _span.SetTotals(_records, _bytes);
        metrics.RecordsWritten(jobId, shardIndex, _records, _bytes);
        metrics.BatchWritten(jobId, Stopwatch.GetElapsedTime(_started));
        Close();
    }

    /// <summary>Closes the open batch as failed; its records are not counted (the shard is not published).</summary>
    public void Fail(Exception error)
    {
        if (!_open)
        {
            return;
        }

        _span.RecordFailure(error);
        Close();
    }

    private void Close()
    {
        _span?.Dispose();
        _span = null;
        _open = false;
        _batchIndex++;
    }
}
