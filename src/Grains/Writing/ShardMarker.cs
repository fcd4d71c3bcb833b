using Cluster.Grains.Planning;
using Cluster.Grains.Storage;

namespace Cluster.Grains.Writing;

/// <summary>
/// The done marker of a shard: the <see cref="ShardResult"/> written after the shard, its .idx and its quarantine part
/// were published. A shard counts as done only when the marker belongs to the current plan and the published shard still
/// has the recorded size and SHA-256, so a half-written or foreign file is never taken for a shard.
/// </summary>
internal static class ShardMarker
{
    public static void Save(IOutputStore store, ShardResult result) => WorkJson.Save(store, WorkNames.MarkerOf(result.Index), result);

    /// <summary>The recorded result when shard <paramref name="index"/> of plan <paramref name="planId"/> is published intact; else null.</summary>
    public static ShardResult? TryLoadValid(IOutputStore store, int index, string planId, bool expectIndex)
    {
        var result = WorkJson.TryLoad<ShardResult>(store, WorkNames.MarkerOf(index));
        if (result is null || result.PlanId != planId || result.Index != index)
        {
            return null;
        }

        if (store.LengthOf(result.File) != result.Bytes || !store.Exists(WorkNames.QuarantineOf(index)) ||
            (expectIndex && !store.Exists(IndexPathOf(result.File))))
        {
            return null;
        }

        return store.Sha256Of(result.File) == result.Sha256 ? result : null;
    }

    /// <summary>The DALI index beside an uncompressed shard.</summary>
    public static string IndexPathOf(string shardPath) => shardPath + ".idx";
}
