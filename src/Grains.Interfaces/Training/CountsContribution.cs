namespace Cluster.Grains.Training;

/// <summary>One rank's totals for a step: objects in its share of the global batch and its local replicas.</summary>
[GenerateSerializer, Immutable]
public sealed record CountsContribution
{
    [Id(0)] public required long Step { get; init; }

    [Id(1)] public required int Rank { get; init; }

    [Id(2)] public required int World { get; init; }

    [Id(3)] public required long Objects { get; init; }

    [Id(4)] public required int Replicas { get; init; }
}
