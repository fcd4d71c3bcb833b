using Cluster.Formats.Telemetry;
using Cluster.Formats.TfRecords;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// Composition in tf.data's style:
/// <c>shards.Interleave(cycle, block).Shuffle(buffer, seed).ForRank(rank, world).Batch(size, dropLast).Load(shards.Catalog, 2).Prefetch(depth)</c>.
/// </summary>
public static class PipelineExtensions
{
    public static Interleave Interleave(this ShardSource shards, int cycleLength, int blockLength = 1, bool deterministic = true) =>
        new(shards, cycleLength, blockLength, deterministic);

    public static Shuffle<T> Shuffle<T>(this PipelineStage<T> upstream, int bufferSize, long seed, bool reshuffleEachEpoch = true) =>
        new(upstream, bufferSize, seed, reshuffleEachEpoch);

    public static RankSplit<T> ForRank<T>(this PipelineStage<T> upstream, int rank, int world, RankBalance balance = RankBalance.Pad) =>
        new(upstream, rank, world, balance);

    public static Batch<T> Batch<T>(this PipelineStage<T> upstream, int size, bool dropRemainder = false) =>
        new(upstream, size, dropRemainder);

    public static ParallelMap<TIn, TOut> ParallelMap<TIn, TOut>(this PipelineStage<TIn> upstream, Func<TIn, CancellationToken, TOut> map, int degree, bool deterministic = true) =>
        new(upstream, map, degree, deterministic);

    /// <summary>Reads the records of each batch of handles (<see cref="RecordLoader"/>), <paramref name="degree"/> batches at once.</summary>
    public static ParallelMap<IReadOnlyList<RecordHandle>, RecordBatch> Load(this PipelineStage<IReadOnlyList<RecordHandle>> upstream, ShardCatalog catalog, int degree = 2, bool deterministic = true) =>
        new(upstream, new RecordLoader(catalog).Load, degree, deterministic);

    /// <summary>Decodes record batches into model input (<see cref="BatchDecoder"/>), <paramref name="degree"/> batches at once.</summary>
    public static Decode Decode(this PipelineStage<RecordBatch> upstream, DecodeOptions options, int degree, int maxBatchSize, bool deterministic = true) =>
        new(upstream, options, degree, maxBatchSize, deterministic);

    /// <summary>Pulls up to <paramref name="depth"/> items ahead; <paramref name="rank"/> tags the reader queue depth metric.</summary>
    public static Prefetch<T> Prefetch<T>(this PipelineStage<T> upstream, int depth, int rank = 0, ClusterMetrics? metrics = null) =>
        new(upstream, depth, rank, metrics);

    /// <summary>Epoch and batch spans around the batches this stage's consumer receives (<see cref="ReaderTelemetry"/>).</summary>
    public static ReaderTelemetry Traced(this PipelineStage<RecordBatch> upstream, ShardSource shards, int rank, int world) =>
        new(upstream, shards, rank, world);

    /// <summary>Every item of the current epoch, in a list (for tests and small datasets).</summary>
    public static async Task<List<T>> ToListAsync<T>(this PipelineStage<T> stage, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var items = new List<T>();
        while (await stage.MoveNextAsync(ct).ConfigureAwait(false))
        {
            items.Add(stage.Current);
        }

        return items;
    }
}
