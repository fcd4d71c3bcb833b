namespace Cluster.Grains.Training;

/// <summary>
/// The world's mean of one bucket once every rank has contributed (<see cref="Ready"/>, <see cref="Mean"/>); otherwise
/// the ranks still missing in <see cref="Waiting"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BucketResult
{
    [Id(0)] public bool Ready { get; init; }

    /// <summary>The mean's floats as bytes (see <see cref="BucketContribution.Values"/>).</summary>
    [Id(1)] public byte[]? Mean { get; init; }

    [Id(2)] public int[] Waiting { get; init; } = [];
}
