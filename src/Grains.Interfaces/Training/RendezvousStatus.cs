namespace Cluster.Grains.Training;

/// <summary>
/// A member's view of a run: its <see cref="Rank"/> among <see cref="World"/> processes, and the ranks still missing
/// (<see cref="Waiting"/>); <see cref="Complete"/> once every rank has joined.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RendezvousStatus
{
    [Id(0)] public int Rank { get; init; }

    [Id(1)] public int World { get; init; }

    [Id(2)] public int[] Waiting { get; init; } = [];

    public bool Complete => Waiting.Length == 0;
}
