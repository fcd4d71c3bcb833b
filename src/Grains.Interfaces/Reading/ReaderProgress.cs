namespace Cluster.Grains.Reading;

/// <summary>How far a reader grain has got: batches and records handed out, and records read from the shards (which runs
/// ahead of what was handed out by at most the pipeline's prefetch and load depth: the back-pressure bound).</summary>
[GenerateSerializer, Immutable]
public sealed record ReaderProgress
{
    [Id(0)] public bool Open { get; init; }

    [Id(1)] public bool Ended { get; init; }

    [Id(2)] public long BatchesSent { get; init; }

    [Id(3)] public long RecordsSent { get; init; }

    [Id(4)] public long RecordsLoaded { get; init; }
}
