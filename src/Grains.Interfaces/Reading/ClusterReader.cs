using System.Text.Json.Nodes;
using Cluster.Formats.Pipeline;

namespace Cluster.Grains.Reading;

/// <summary>
/// The trainer's side of the reader grain: a <see cref="PipelineStage{T}"/> of <see cref="RecordBatch"/>, so a trainer
/// swaps <see cref="ReaderPipeline.Open"/> (in-process) for this (through the cluster) and keeps the rest
/// (<c>.Decode(...)</c>, Reset per epoch, SaveState/RestoreState in checkpoints). It reads epoch e of rank r from the
/// grain <c>DATASET|e|r</c>, <paramref name="batchesPerCall"/> batches per call with one call in flight while the trainer
/// works on the last chunk: the trainer's pace bounds the reads. A grain that lost its pipeline (deactivated, its silo
/// gone) is reopened at the last chunk's state, so the sequence continues exactly.
/// State: <c>{"stage":"cluster-reader","epoch":E,"upstream":PIPELINE-STATE-OR-NULL,"skip":K}</c>: the pipeline state of
/// the grain before the current chunk (null: the epoch's start) and the batches of the chunk already handed out.
/// <see cref="RestoreState"/> also takes a bare in-process pipeline state built with the same options.
/// </summary>
public sealed class ClusterReader : PipelineStage<RecordBatch>
{
    private const string StageName = "cluster-reader";
    private readonly IGrainFactory _grains;
    private readonly string _dataset;
    private readonly ReaderSpec _spec;
    private readonly int _rank;
    private readonly int _batchesPerCall;
    private readonly Dictionary<(string File, long Offset), ReadLossMessage> _losses = [];
    private IInterleavingReaderGrain _grain = null!;
    private int _epoch;
    private bool _opened;
    private Task<ReadChunk>? _pending;
    private ReadChunk? _chunk;
    private string? _before;
    private int _taken;
    private int _skip;

    /// <param name="dataset">The dataset folder as the silos see it.</param>
    public ClusterReader(IGrainFactory grains, string dataset, ReaderOptions options, int batchesPerCall = 4)
        : base(null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchesPerCall, 1);
        options.Validated();
        (_grains, _dataset, _spec, _rank, _batchesPerCall) = (grains, dataset, ReaderSpec.From(options), options.Rank, batchesPerCall);
        Reset(0);
    }

    /// <summary>The epoch being read.</summary>
    public int Epoch => _epoch;

    /// <summary>The grain reading the current epoch.</summary>
    public string GrainKey => new ReaderKey(_dataset, _epoch, _rank).ToString();

    /// <summary>Every place a reader grain of this run skipped corrupt records (with <c>OnCorrupt = Skip</c>), once each.</summary>
    public IReadOnlyList<ReadLoss> Losses =>
        [.. _losses.Values.OrderBy(l => l.File, StringComparer.Ordinal).ThenBy(l => l.Offset).Select(l => new ReadLoss(l.File, l.Offset, l.Records, l.Bytes, l.Reason))];

    public override async ValueTask<bool> MoveNextAsync(CancellationToken ct = default)
    {
        while (true)
        {
            if (_chunk is not null && _taken < _chunk.Batches.Length)
            {
                Current = _chunk.Batches[_taken++].ToBatch();
                if (_skip > 0)
                {
                    _skip--;
                    continue;
                }

                return true;
            }

            if (_chunk is { Ended: true })
            {
                return false;
            }

            if (_chunk is not null)
            {
                (_before, _chunk, _taken) = (_chunk.State, null, 0);
            }

            ReadChunk next;
            try
            {
                if (!_opened)
                {
                    await _grain.OpenAsync(_spec, _before).WaitAsync(ct).ConfigureAwait(false);
                    _opened = true;
                }

                var pending = _pending ?? _grain.NextAsync(_batchesPerCall);
                _pending = null;
                next = await pending.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (ReadFailedException e)
            {
                throw e.ToLocal();
            }

            if (next.NotOpen)
            {
                _opened = false;
                continue;
            }

            foreach (var loss in next.Losses)
            {
                _losses.TryAdd((loss.File, loss.Offset), loss);
            }

            _chunk = next;
            if (!next.Ended)
            {
                _pending = _grain.NextAsync(_batchesPerCall);
            }
        }
    }

    public override void Reset(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        Switch(epoch, before: null, skip: 0);
    }

    public override PipelineState SaveState()
    {
        var (epoch, before, skip) = (_epoch, _before, _taken + _skip);
        return PipelineState.Of(() => new JsonObject
        {
            ["stage"] = StageName,
            ["epoch"] = epoch,
            ["upstream"] = before is null ? null : JsonNode.Parse(before),
            ["skip"] = skip,
        });
    }

    public override void RestoreState(PipelineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var json = state.ToJson();
        if (json["stage"]?.GetValue<string>() == StageName)
        {
            var epoch = json["epoch"]?.GetValue<int>() ?? throw new InvalidDataException("cluster-reader state has no 'epoch'");
            var skip = json["skip"]?.GetValue<int>() ?? 0;
            Switch(epoch, json["upstream"]?.ToJsonString(), skip >= 0 ? skip : throw new InvalidDataException($"cluster-reader state skips {skip} batches"));
            return;
        }

        Switch(EpochOf(json), json.ToJsonString(), 0);
    }

    public override async ValueTask DisposeAsync()
    {
        var (pending, opened, ended) = (_pending, _opened, _chunk is { Ended: true });
        _pending = null;
        if (pending is not null)
        {
            await pending.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }

        if (opened && !ended)
        {
            try
            {
                await _grain.CloseAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // best effort: an idle reader grain is collected anyway
            }
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Switch(int epoch, string? before, int skip)
    {
        // A call still in flight belongs to the position being left: its answer is dropped (and its error observed).
        // A grain left mid-epoch for another epoch is closed, so its files do not wait for idle collection.
        var (left, pending, open) = (_grain, _pending, _opened && _chunk is not { Ended: true });
        _pending = null;
        pending?.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        _epoch = epoch;
        _grain = _grains.GetGrain<IInterleavingReaderGrain>(GrainKey);
        if (open && left is not null && left.GetPrimaryKeyString() != _grain.GetPrimaryKeyString())
        {
            _ = CloseQuietlyAsync(left, pending);
        }
        (_opened, _chunk, _before, _taken, _skip) = (false, null, before, 0, skip);
    }

    private static async Task CloseQuietlyAsync(IInterleavingReaderGrain grain, Task? pending)
    {
        try
        {
            if (pending is not null)
            {
                await pending.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }

            await grain.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // best effort: an idle reader grain is collected anyway
        }
    }

    /// <summary>The epoch a pipeline state is in: that of its innermost stage, the shard source.</summary>
    private static int EpochOf(JsonObject state)
    {
        for (JsonObject? stage = state; stage is not null; stage = stage["upstream"] as JsonObject)
        {
            if (stage["stage"]?.GetValue<string>() == "shards")
            {
                return stage["epoch"]?.GetValue<int>() ?? throw new InvalidDataException("shard-source state has no 'epoch'");
            }
        }

        throw new InvalidDataException("not a reader state: no 'shards' stage in it");
    }
}
