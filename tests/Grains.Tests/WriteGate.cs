using System.Collections.Concurrent;
using Cluster.Grains.Hosting;

namespace Cluster.Grains.Tests;

/// <summary>
/// A barrier for shard writers across the silos of one test cluster: when holding, every writer stops at its first
/// progress batch until <see cref="ReleaseAll"/>; the writers of a silo marked dead by <see cref="Kill"/> never resume
/// (they are cancelled, so nothing they started is ever published).
/// </summary>
internal sealed class WriteGate(bool holding)
{
    private readonly ConcurrentDictionary<int, string> _held = new();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _dead = new();
    private readonly ManualResetEventSlim _open = new(!holding);
    private readonly ConcurrentDictionary<int, bool> _failing = new();
    private readonly ConcurrentDictionary<int, string> _passed = new();

    /// <summary>Shards held at the barrier, with the silo writing each.</summary>
    public IReadOnlyDictionary<int, string> Held => _held;

    /// <summary>Shards whose writer went past a progress batch while the gate was open, with the last silo that did.</summary>
    public IReadOnlyDictionary<int, string> PassedOpen => _passed;

    public void Kill(string silo) => _dead.GetOrAdd(silo, _ => new CancellationTokenSource()).Cancel();

    public void ReleaseAll() => _open.Set();

    /// <summary>The writer of <paramref name="shard"/> fails with an <see cref="IOException"/> at its first progress batch.</summary>
    public void FailShard(int shard) => _failing[shard] = true;

    public IShardWriteGate ForSilo(string silo) => new SiloGate(this, silo);

    private sealed class SiloGate(WriteGate owner, string silo) : IShardWriteGate
    {
        public void Pass(string jobId, int shard, long itemsDone, CancellationToken ct)
        {
            if (owner._failing.ContainsKey(shard))
            {
                throw new IOException($"injected write failure in shard {shard} after {itemsDone} items");
            }

            if (owner._open.IsSet)
            {
                owner._passed[shard] = silo;
                return;
            }

            owner._held[shard] = silo;
            using var dead = CancellationTokenSource.CreateLinkedTokenSource(ct, owner._dead.GetOrAdd(silo, _ => new CancellationTokenSource()).Token);
            owner._open.Wait(dead.Token);
            dead.Token.ThrowIfCancellationRequested();
        }
    }
}
