namespace Cluster.Grains.Training;

/// <summary>
/// A trainer process asking to join a run: <see cref="MemberId"/> names the process (unique per process start),
/// <see cref="World"/> the number of processes the run needs, <see cref="Rank"/> the rank it asks for (null: any free one).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RendezvousRequest
{
    [Id(0)] public required string MemberId { get; init; }

    [Id(1)] public required int World { get; init; }

    [Id(2)] public int? Rank { get; init; }
}
