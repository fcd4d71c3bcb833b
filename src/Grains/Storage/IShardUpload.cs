namespace Cluster.Grains.Storage;

/// <summary>One shard being written: bytes go to <see cref="Stream"/>, <see cref="Commit"/> publishes them atomically
/// under the shard's name; disposing without a commit publishes nothing.</summary>
internal interface IShardUpload : IDisposable
{
    Stream Stream { get; }

    /// <summary>Makes everything written visible under the final name at once (rename, or Put Block List).</summary>
    void Commit();
}
