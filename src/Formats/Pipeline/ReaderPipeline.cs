using Cluster.Formats.Telemetry;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// The standard reading pipeline for one rank, as a trainer runs it in-process (or a reader grain for it):
/// <c>shards.Interleave(cycle, block).Shuffle(buffer, seed).ForRank(rank, world).Batch(size, dropLast).Load(...).Prefetch(depth).Traced(...)</c>
/// (the last adds the reader's epoch and batch spans; the prefetch stage keeps the queue depth metric).
/// Every rank builds the same pipeline with the same seed; <see cref="RankSplit{T}"/> keeps its records by global position.
/// </summary>
public static class ReaderPipeline
{
    /// <summary>The pipeline over the dataset folder <paramref name="folder"/> (its summary.json, else its *.tfrecord[.gz|.zz] files).</summary>
    public static PipelineStage<RecordBatch> Open(string folder, ReaderOptions options, out ShardCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validated();
        var shards = ShardSource.FromDataset(folder, options.Seed, options.ShuffleFiles, options.OnCorrupt, options.MemoryMap);
        catalog = shards.Catalog;
        return Build(shards, options);
    }

    /// <summary>
    /// The pipeline over <paramref name="shards"/>; disposing it disposes them. Its queue depth goes to <paramref name="metrics"/>
    /// (default <see cref="ClusterMetrics.Default"/>).
    /// </summary>
    public static PipelineStage<RecordBatch> Build(ShardSource shards, ReaderOptions options, ClusterMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(options);
        options.Validated();
        return shards
            .Interleave(options.CycleLength, options.BlockLength) // deterministic: a non-deterministic Load resumes by replaying it
            .Shuffle(options.ShuffleBuffer, options.Seed, options.ReshuffleEachEpoch)
            .ForRank(options.Rank, options.World, options.Balance)
            .Batch(options.BatchSize, options.DropRemainder)
            .Load(shards.Catalog, options.LoadDegree, options.Deterministic)
            .Prefetch(options.PrefetchDepth, options.Rank, metrics)
            .Traced(shards, options.Rank, options.World);
    }
}
