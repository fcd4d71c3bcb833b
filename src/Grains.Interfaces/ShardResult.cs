namespace Cluster.Grains;

/// <summary>A published shard: its file, size and SHA-256, and the accounting of the rows its work list held.</summary>
[GenerateSerializer, Immutable]
public sealed record ShardResult
{
    [Id(0)] public required int Index { get; init; }

    [Id(1)] public required string PlanId { get; init; }

    /// <summary>File name, relative to the output folder.</summary>
    [Id(2)] public required string File { get; init; }

    [Id(3)] public long Records { get; init; }

    [Id(4)] public long Bytes { get; init; }

    /// <summary>Lower-case hex SHA-256 of the shard file as stored.</summary>
    [Id(5)] public required string Sha256 { get; init; }

    [Id(6)] public long RowsRead { get; init; }

    [Id(7)] public long ImagesRead { get; init; }

    [Id(8)] public long ImagesWritten { get; init; }

    [Id(9)] public long BoxesWritten { get; init; }

    [Id(10)] public long BoxesFixed { get; init; }

    [Id(11)] public long RowsQuarantined { get; init; }

    [Id(12)] public IReadOnlyDictionary<string, long> QuarantinedByReason { get; init; } = new Dictionary<string, long>();

    [Id(13)] public IReadOnlyDictionary<string, long> BoxesPerClass { get; init; } = new Dictionary<string, long>();

    /// <summary>The silo that wrote the shard (operators' information; not part of the shard's bytes).</summary>
    [Id(14)] public string? WrittenBy { get; init; }
}
