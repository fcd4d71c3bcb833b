namespace Cluster.Grains.Reading;

/// <summary>A place the reader skipped (a <see cref="Cluster.Formats.Pipeline.ReadLoss"/> on the wire).</summary>
[GenerateSerializer, Immutable]
public sealed record ReadLossMessage(
    [property: Id(0)] string File,
    [property: Id(1)] long Offset,
    [property: Id(2)] long Records,
    [property: Id(3)] long Bytes,
    [property: Id(4)] string Reason);
