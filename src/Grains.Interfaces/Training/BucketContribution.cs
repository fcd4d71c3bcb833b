namespace Cluster.Grains.Training;

/// <summary>
/// One rank's bucket <see cref="Bucket"/> of its flat gradient at <see cref="Step"/>: the SUM over its local replicas.
/// The grain divides the world's sum by <see cref="Divisor"/> (the replicas in the whole world) to give the mean.
/// At most <see cref="GradientBuckets.MaxBucketElements"/> floats, so every message stays bounded. The floats travel as
/// their little-endian bytes: Orleans copies a byte[] as one block, while a float[] is encoded element by element
/// (measured: about 20 MB/s, which made a 1 MB gradient cost 100-300 ms per step).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BucketContribution
{
    [Id(0)] public required long Step { get; init; }

    [Id(1)] public required int Bucket { get; init; }

    [Id(2)] public required int Rank { get; init; }

    [Id(3)] public required int World { get; init; }

    [Id(4)] public required int Divisor { get; init; }

    /// <summary>The bucket's floats as bytes (4 per float, the machine's little-endian layout).</summary>
    [Id(5)] public required byte[] Values { get; init; }

    /// <summary>The number of floats in <see cref="Values"/>.</summary>
    public int Length => Values.Length / sizeof(float);
}
