namespace Cluster.Grains;

/// <summary>What a shard writer writes: shard <see cref="Index"/> of the job's plan <see cref="PlanId"/>, from the work
/// list in the job's work folder.</summary>
[GenerateSerializer, Immutable]
public sealed record ShardAssignment
{
    [Id(0)] public required string JobId { get; init; }

    [Id(1)] public required int Index { get; init; }

    [Id(2)] public required string PlanId { get; init; }

    [Id(3)] public required ConversionJobSpec Spec { get; init; }

    /// <summary>W3C <c>traceparent</c> of the job span, so the shard span joins the job's trace even when the writer is
    /// driven from a timer (no caller span to propagate); null when nobody traces.</summary>
    [Id(4)] public string? TraceParent { get; init; }
}
