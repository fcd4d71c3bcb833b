namespace Cluster.Grains.Hosting;

/// <summary>
/// Called by a shard writer after every progress batch. The default lets every batch pass; tests register one that holds
/// writers at a barrier so that a silo can be killed while its shards are half written.
/// </summary>
public interface IShardWriteGate
{
    /// <summary>Returns when the writer of shard <paramref name="shard"/> may go on; throws when <paramref name="ct"/> fires.</summary>
    void Pass(string jobId, int shard, long itemsDone, CancellationToken ct);
}
