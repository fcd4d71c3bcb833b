namespace Cluster.Grains.Training;

/// <summary>
/// The world's totals for a step once every rank has contributed (<see cref="Ready"/>); otherwise the ranks still
/// missing in <see cref="Waiting"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CountsResult
{
    [Id(0)] public bool Ready { get; init; }

    [Id(1)] public long Objects { get; init; }

    [Id(2)] public int Replicas { get; init; }

    [Id(3)] public int[] Waiting { get; init; } = [];
}
