using System.Diagnostics;
using Cluster.Formats.Telemetry;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// The reader's spans, as the last stage of <see cref="ReaderPipeline"/>: a <c>reader.epoch</c> span from the first batch
/// asked for after a reset (or restore) to the epoch's end, and under it one <c>reader.batch</c> span per batch delivered,
/// covering the consumer's wait for that batch. Items and state pass through unchanged, so checkpoints keep their format;
/// <c>reader.batch.index</c> counts from the reset, or from the restore when a run resumes mid-epoch.
/// </summary>
public sealed class ReaderTelemetry : PipelineStage<RecordBatch>
{
    private readonly PipelineStage<RecordBatch> _upstream;
    private readonly ShardSource _shards;
    private readonly int _rank;
    private readonly int _world;
    private Activity? _epochSpan;
    private long _batchIndex;

    public ReaderTelemetry(PipelineStage<RecordBatch> upstream, ShardSource shards, int rank, int world)
        : base(upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(shards);
        (_upstream, _shards, _rank, _world) = (upstream, shards, rank, world);
    }

    public override async ValueTask<bool> MoveNextAsync(CancellationToken ct = default)
    {
        var epoch = _shards.Epoch;
        _epochSpan ??= ReaderSpans.StartEpoch(epoch, _rank, _world);
        var waitStarted = DateTimeOffset.UtcNow;
        bool moved;
        try
        {
            moved = await _upstream.MoveNextAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _epochSpan.RecordFailure(e);
            EndEpoch();
            throw;
        }

        if (!moved)
        {
            EndEpoch();
            return false;
        }

        Current = _upstream.Current;
        using (ReaderSpans.StartBatch(epoch, _batchIndex, Current.Count, _epochSpan?.Context ?? default, waitStarted))
        {
            // the span covers the wait, which is over
        }

        _batchIndex++;
        return true;
    }

    public override void Reset(int epoch)
    {
        EndEpoch();
        _upstream.Reset(epoch);
        _batchIndex = 0;
    }

    public override PipelineState SaveState() => _upstream.SaveState();

    public override void RestoreState(PipelineState state)
    {
        EndEpoch();
        _upstream.RestoreState(state);
        _batchIndex = 0;
    }

    public override async ValueTask DisposeAsync()
    {
        EndEpoch();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void EndEpoch()
    {
        _epochSpan?.Dispose();
        _epochSpan = null;
    }
}
