namespace Cluster.Grains.Storage;

/// <summary>
/// Where a job's output goes: shards, their .idx, the work folder (plan, lists, quarantine parts, done markers), the
/// label map, summary.json and quarantine.jsonl. Names are relative and '/'-separated (<c>.cluster-work/plan.json</c>).
/// Small files are written locally (<see cref="LocalPathOf"/>) and published whole (<see cref="PublishLocal"/>): a
/// rename in a folder, one upload in Blob storage; a shard streams through <see cref="BeginShard"/>. Nothing is ever
/// visible under its final name half written.
/// </summary>
internal interface IOutputStore : IDisposable
{
    /// <summary>A printable address of <paramref name="name"/> (a file URI or a blob URL without query).</summary>
    string AddressOf(string name);

    /// <summary>Creates the folder, or the container when missing.</summary>
    void EnsureCreated();

    bool Exists(string name);

    /// <summary>The size of a published file, or null when there is none.</summary>
    long? LengthOf(string name);

    /// <summary>Lower-case hex SHA-256 of a published file (read back whole).</summary>
    string Sha256Of(string name);

    /// <summary>A local file holding <paramref name="name"/>'s published content, or null when it is not published.
    /// A folder gives the file itself; Blob storage downloads it into this store's scratch folder.</summary>
    string? FetchLocal(string name);

    /// <summary>The local path to write <paramref name="name"/> at before <see cref="PublishLocal"/>: the final path in
    /// a folder (its writers publish by renaming a temporary file there), a scratch file for Blob storage.</summary>
    string LocalPathOf(string name);

    /// <summary>Publishes the file written at <see cref="LocalPathOf"/> under <paramref name="name"/>.</summary>
    void PublishLocal(string name);

    /// <summary>Starts writing shard <paramref name="name"/>: nothing appears under that name before
    /// <see cref="IShardUpload.Commit"/>; disposing an uncommitted upload publishes nothing.</summary>
    IShardUpload BeginShard(string name);

    /// <summary>Removes what killed shard writers left behind (temporary files named <c>.NAME-*.tmp</c>).</summary>
    void RemoveStrayTemporaries(string shardName);
}
