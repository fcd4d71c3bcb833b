using System.Security.Cryptography;
using Cluster.Grains.Planning;

namespace Cluster.Grains.Writing;

/// <summary>
/// The done marker of a shard: the <see cref="ShardResult"/> written after the shard, its .idx and its quarantine part
/// were published. A shard counts as done only when the marker belongs to the current plan and the file on disk still
/// has the recorded size and SHA-256, so a half-written or foreign file is never taken for a shard.
/// </summary>
internal static class ShardMarker
{
    public static void Save(WorkFolder folder, ShardResult result) => WorkJson.Save(folder.MarkerOf(result.Index), result);

    /// <summary>The recorded result when shard <paramref name="index"/> of plan <paramref name="planId"/> is published intact; else null.</summary>
    public static ShardResult? TryLoadValid(WorkFolder folder, int index, string planId, bool expectIndex)
    {
        var result = WorkJson.TryLoad<ShardResult>(folder.MarkerOf(index));
        if (result is null || result.PlanId != planId || result.Index != index)
        {
            return null;
        }

        var shard = Path.Combine(folder.OutputDir, result.File);
        var info = new FileInfo(shard);
        if (!info.Exists || info.Length != result.Bytes || !File.Exists(folder.QuarantineOf(index)) ||
            (expectIndex && !File.Exists(IndexPathOf(shard))))
        {
            return null;
        }

        return Sha256Of(shard) == result.Sha256 ? result : null;
    }

    public static string Sha256Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The DALI index beside an uncompressed shard.</summary>
    public static string IndexPathOf(string shardPath) => shardPath + ".idx";
}
