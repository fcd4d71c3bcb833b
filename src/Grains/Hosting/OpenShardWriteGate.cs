namespace Cluster.Grains.Hosting;

/// <summary>The default <see cref="IShardWriteGate"/>: never holds a writer.</summary>
internal sealed class OpenShardWriteGate : IShardWriteGate
{
    public void Pass(string jobId, int shard, long itemsDone, CancellationToken ct)
    {
    }
}
