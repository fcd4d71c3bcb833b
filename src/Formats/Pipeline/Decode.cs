namespace Cluster.Formats.Pipeline;

/// <summary>
/// The trainer-side decode stage: a <see cref="ParallelMap{TIn,TOut}"/> of <see cref="BatchDecoder"/> over record batches,
/// writing into reusable pixel buffers: a batch's <see cref="DecodedBatch.Pixels"/> goes back to the pool when the next
/// batch is asked for, so at most degree + 1 buffers exist. Copy the pixels before moving on. Each record batch is
/// disposed once decoded (its pooled bytes are reused). State: the map's.
/// </summary>
public sealed class Decode : PipelineStage<DecodedBatch>
{
    private readonly ParallelMap<RecordBatch, DecodedBatch> _map;
    private float[]? _lent;

    public Decode(PipelineStage<RecordBatch> upstream, DecodeOptions options, int degree, int maxBatchSize, bool deterministic = true)
        : this(upstream, new BatchDecoder(options), degree, maxBatchSize, deterministic)
    {
    }

    private Decode(PipelineStage<RecordBatch> upstream, BatchDecoder decoder, int degree, int maxBatchSize, bool deterministic)
        : this(new PixelBufferPool(checked(decoder.ImageLength * Math.Max(1, maxBatchSize))), decoder, upstream, degree, deterministic)
    {
    }

    private Decode(PixelBufferPool pool, BatchDecoder decoder, PipelineStage<RecordBatch> upstream, int degree, bool deterministic)
        : this(pool, new ParallelMap<RecordBatch, DecodedBatch>(upstream, (batch, _) => DecodeAndRelease(decoder, batch, pool), degree, deterministic))
    {
    }

    private Decode(PixelBufferPool pool, ParallelMap<RecordBatch, DecodedBatch> map)
        : base(map)
    {
        Buffers = pool;
        _map = map;
    }

    /// <summary>The pixel buffers the batches are written into.</summary>
    public PixelBufferPool Buffers { get; }

    public override async ValueTask<bool> MoveNextAsync(CancellationToken ct = default)
    {
        if (_lent is not null)
        {
            Buffers.Return(_lent);
            _lent = null;
        }

        if (!await _map.MoveNextAsync(ct).ConfigureAwait(false))
        {
            return false;
        }

        Current = _map.Current;
        _lent = Current.Pixels;
        return true;
    }

    private static DecodedBatch DecodeAndRelease(BatchDecoder decoder, RecordBatch batch, PixelBufferPool pool)
    {
        using (batch)
        {
            return decoder.Decode(batch, pool.Rent());
        }
    }

    public override void Reset(int epoch) => _map.Reset(epoch);

    public override PipelineState SaveState() => _map.SaveState();

    public override void RestoreState(PipelineState state) => _map.RestoreState(state);
}
