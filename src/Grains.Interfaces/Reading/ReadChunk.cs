namespace Cluster.Grains.Reading;

/// <summary>
/// What one <see cref="IInterleavingReaderGrain.NextAsync"/> returns: the next batches of the epoch (at most the number
/// asked for), whether the epoch has ended, and the pipeline's state right after the last of them (JSON, as
/// <see cref="Cluster.Formats.Pipeline.PipelineState"/> writes it) so a trainer can resume from exactly there.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ReadChunk
{
    [Id(0)] public RecordBatchMessage[] Batches { get; init; } = [];

    /// <summary>The epoch has no more batches after these.</summary>
    [Id(1)] public bool Ended { get; init; }

    /// <summary>The grain has no open pipeline (never opened, or deactivated since): open it again with the last state.</summary>
    [Id(2)] public bool NotOpen { get; init; }

    /// <summary>The pipeline state after the last batch returned so far (null when not open).</summary>
    [Id(3)] public string? State { get; init; }

    /// <summary>Every place this reader skipped corrupt records so far (with <c>OnCorrupt = Skip</c>).</summary>
    [Id(4)] public ReadLossMessage[] Losses { get; init; } = [];
}
