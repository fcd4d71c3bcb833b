namespace Cluster.Grains.Reading;

/// <summary>
/// Streams one rank's batches of one epoch (key: <see cref="ReaderKey"/>, <c>DATASET|EPOCH|RANK</c>) through the
/// interleaving reader pipeline, to one trainer. A bounded pull: each <see cref="NextAsync"/> reads only the batches it
/// returns (plus the pipeline's bounded prefetch), so a slow trainer holds the reads back. Batches are encoded records;
/// the pipeline lives in the activation between calls and its state comes with every chunk, for an exact resume.
/// </summary>
public interface IInterleavingReaderGrain : IGrainWithStringKey
{
    /// <summary>
    /// (Re)builds the pipeline from <paramref name="spec"/>: at the start of the key's epoch, or at <paramref name="state"/>
    /// (a <see cref="ReadChunk.State"/> or an in-process pipeline's saved state with the same options and epoch).
    /// Throws <see cref="ArgumentException"/> for bad options and <see cref="InvalidDataException"/> for a state that does not fit.
    /// </summary>
    Task OpenAsync(ReaderSpec spec, string? state = null);

    /// <summary>The next batches: at least one unless the epoch has ended, at most <paramref name="maxBatches"/>, and no more
    /// than about 32 MiB of records at once.</summary>
    Task<ReadChunk> NextAsync(int maxBatches);

    /// <summary>The pipeline state after the last batch returned (null when not open).</summary>
    Task<string?> GetStateAsync();

    Task<ReaderProgress> GetProgressAsync();

    /// <summary>Disposes the pipeline and lets the activation go.</summary>
    Task CloseAsync();
}
