using Cluster.Formats.Pipeline;
using Cluster.Grains.Reading;
using Orleans.Placement;

namespace Cluster.Grains;

/// <summary>
/// Serves one rank's batches of one epoch (key <c>DATASET|EPOCH|RANK</c>, see <see cref="ReaderKey"/>) from the
/// interleaving reader pipeline it keeps open between calls.
/// <para>
/// A bounded pull rather than an <see cref="IAsyncEnumerable{T}"/> grain method: Orleans drains every item an
/// enumerator has ready, up to its batch size (100 by default), into one response and keeps one more
/// <c>MoveNextAsync</c> running, so the grain's position would run an unknown number of batches ahead of the trainer
/// (a checkpoint could not say where the trainer is), one response could hold 100 batches of images, and the
/// enumeration dies with the activation (<c>EnumerationAbortedException</c>). Here a call
/// reads exactly the batches it returns (the pipeline's own prefetch runs at most its depth ahead) and returns the
/// state after them, so a caller that finds the pipeline gone (<see cref="ReadChunk.NotOpen"/>) reopens it there.
/// </para>
/// <para>
/// <see cref="PreferLocalPlacementAttribute"/>: the activation goes to the silo the first call comes from when that is
/// a silo, so a trainer process that hosts a silo (or runs beside one in the same process) reads its shards locally
/// and the batches never cross the network; a call from an external client lands on any compatible silo.
/// </para>
/// </summary>
[PreferLocalPlacement]
public sealed class InterleavingReaderGrain : Grain, IInterleavingReaderGrain
{
    /// <summary>A chunk stops growing past this many bytes of records (it always holds at least one batch).</summary>
    private const int MaxChunkBytes = 32 << 20;

    private ShardSource? _source;
    private PipelineStage<RecordBatch>? _pipeline;
    private string? _state;
    private bool _ended;
    private long _batchesSent;
    private long _recordsSent;

    public async Task OpenAsync(ReaderSpec spec, string? state = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        try
        {
            await OpenCoreAsync(spec, state);
        }
        catch (Exception e) when (e is not ReadFailedException)
        {
            throw ReadFailedException.From(e);
        }
    }

    public async Task<ReadChunk> NextAsync(int maxBatches)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatches, 1);
        try
        {
            return await NextCoreAsync(maxBatches);
        }
        catch (Exception e) when (e is not ReadFailedException)
        {
            // The pipeline is left as it is: like in-process, it ends after an error.
            throw ReadFailedException.From(e);
        }
    }

    private async Task OpenCoreAsync(ReaderSpec spec, string? state)
    {
        var key = ReaderKey.Parse(this.GetPrimaryKeyString());
        await CloseCoreAsync();
        var options = spec.ToOptions(key.Rank);
        var source = ShardSource.FromDataset(key.Dataset, options.Seed, options.ShuffleFiles, options.OnCorrupt, options.MemoryMap);
        var pipeline = ReaderPipeline.Build(source, options);
        try
        {
            if (state is null)
            {
                pipeline.Reset(key.Epoch);
            }
            else
            {
                pipeline.RestoreState(PipelineState.Parse(state));
                if (source.Epoch != key.Epoch)
                {
                    throw new InvalidDataException($"the state is in epoch {source.Epoch}, this reader ({key}) reads epoch {key.Epoch}");
                }
            }
        }
        catch
        {
            await pipeline.DisposeAsync();
            throw;
        }

        (_source, _pipeline, _state, _ended, _batchesSent, _recordsSent) = (source, pipeline, pipeline.SaveState().ToJsonString(), false, 0, 0);
    }

    private async Task<ReadChunk> NextCoreAsync(int maxBatches)
    {
        if (_pipeline is null)
        {
            return new ReadChunk { NotOpen = true };
        }

        var batches = new List<RecordBatchMessage>();
        var bytes = 0L;
        while (!_ended && batches.Count < maxBatches && bytes < MaxChunkBytes)
        {
            if (!await _pipeline.MoveNextAsync())
            {
                _ended = true;
                break;
            }

            using var batch = _pipeline.Current;
            var message = RecordBatchMessage.Copy(batch);
            batches.Add(message);
            bytes += message.Data.Length;
            _recordsSent += message.Records.Length;
        }

        _batchesSent += batches.Count;
        _state = _pipeline.SaveState().ToJsonString();
        var losses = _source!.Catalog.Tally.Losses.Select(l => new ReadLossMessage(l.File, l.Offset, l.Records, l.Bytes, l.Reason)).ToArray();
        if (_ended)
        {
            // The epoch is read: its files are released when the trainer stops calling.
            DeactivateOnIdle();
        }

        return new ReadChunk { Batches = [.. batches], Ended = _ended, State = _state, Losses = losses };
    }

    public Task<string?> GetStateAsync() => Task.FromResult(_state);

    public Task<ReaderProgress> GetProgressAsync() => Task.FromResult(new ReaderProgress
    {
        Open = _pipeline is not null,
        Ended = _ended,
        BatchesSent = _batchesSent,
        RecordsSent = _recordsSent,
        RecordsLoaded = _source?.Catalog.RecordsLoaded ?? 0,
    });

    public async Task CloseAsync()
    {
        await CloseCoreAsync();
        DeactivateOnIdle();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await CloseCoreAsync();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task CloseCoreAsync()
    {
        var pipeline = _pipeline;
        (_source, _pipeline, _state) = (null, null, null);
        if (pipeline is not null)
        {
            await pipeline.DisposeAsync();
        }
    }
}
