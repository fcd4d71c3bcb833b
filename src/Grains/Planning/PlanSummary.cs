namespace Cluster.Grains.Planning;

/// <summary>plan.json: the spec it was made for, its id (a hash of the spec and of every work list), and items per shard.</summary>
internal sealed record PlanSummary(string PlanId, string SpecJson, long[] ItemsPerShard, long RowsPlanned)
{
    public long ItemsPlanned => ItemsPerShard.Sum();
}
