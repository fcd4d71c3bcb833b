namespace Cluster.Grains;

/// <summary>A snapshot of a job: its phase, shards and images done, and the accounting so far (complete once
/// <see cref="Phase"/> is <see cref="JobPhase.Completed"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record JobProgress
{
    [Id(0)] public required string JobId { get; init; }

    [Id(1)] public JobPhase Phase { get; init; }

    [Id(2)] public int ShardCount { get; init; }

    [Id(3)] public int ShardsDone { get; init; }

    /// <summary>Images (and rejected rows) the plan holds; 0 while planning.</summary>
    [Id(4)] public long ItemsPlanned { get; init; }

    /// <summary>Items written or quarantined so far, as the writers last reported.</summary>
    [Id(5)] public long ItemsDone { get; init; }

    [Id(6)] public long RowsRead { get; init; }

    [Id(7)] public long ImagesWritten { get; init; }

    [Id(8)] public long BoxesWritten { get; init; }

    [Id(9)] public long RowsQuarantined { get; init; }

    [Id(10)] public string? Error { get; init; }

    [Id(11)] public string? OutputDir { get; init; }

    /// <summary>Shard writes started again after their writer was lost (a silo died, a process was killed).</summary>
    [Id(12)] public int Redrives { get; init; }
}
