namespace Cluster.Grains;

/// <summary>
/// Writes one shard (key: <c>JOB/INDEX</c>) to a temporary file and publishes it atomically, with its .idx beside it.
/// Idempotent: a shard already published with its recorded SHA-256 is kept; any other is rewritten, byte-identically.
/// </summary>
public interface IShardWriterGrain : IGrainWithStringKey
{
    /// <summary>Starts writing in the background unless this activation already is (then returns false); returns at once. It reports
    /// to the job grain when done.</summary>
    Task<bool> EnsureWritingAsync(ShardAssignment assignment);
}
