namespace Cluster.Grains;

/// <summary>The persisted state of a job: its spec, the plan summary, and the results of the shards done. The work
/// lists themselves live in the work folder beside the output, never here.</summary>
[GenerateSerializer]
public sealed class ConversionJobState
{
    [Id(0)] public ConversionJobSpec? Spec { get; set; }

    [Id(1)] public JobPhase Phase { get; set; }

    [Id(2)] public string? PlanId { get; set; }

    [Id(3)] public long[] ItemsPerShard { get; set; } = [];

    [Id(4)] public Dictionary<int, ShardResult> Done { get; set; } = [];

    [Id(5)] public string? Error { get; set; }

    [Id(6)] public int Redrives { get; set; }

    /// <summary>W3C <c>traceparent</c> of the job's first span: a later activation's job span joins that trace.</summary>
    [Id(7)] public string? TraceParent { get; set; }
}
