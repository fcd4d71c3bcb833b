using System.Collections.Concurrent;
using Cluster.Formats.TfRecords;
using Microsoft.Win32.SafeHandles;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// What the stages share about the shards of one dataset: the shard list, the corrupt-record policy and its tally, each
/// shard's <see cref="ShardIndex"/> (built once, in the background, then kept) and open read handles. Thread-safe.
/// </summary>
public sealed class ShardCatalog : IDisposable
{
    private const int MaxOpenHandles = 256;
    private readonly ConcurrentDictionary<int, Lazy<Task<ShardIndex>>> _indexes = new();
    private readonly ConcurrentDictionary<int, SafeFileHandle> _handles = new();
    private bool _disposed;

    public ShardCatalog(IReadOnlyList<ShardFile> shards, CorruptRecordPolicy onCorrupt = CorruptRecordPolicy.Fail, ReadTally? tally = null)
    {
        ArgumentNullException.ThrowIfNull(shards);
        Shards = shards;
        OnCorrupt = onCorrupt;
        Tally = tally ?? new ReadTally();
    }

    public IReadOnlyList<ShardFile> Shards { get; }

    public CorruptRecordPolicy OnCorrupt { get; }

    public ReadTally Tally { get; }

    /// <summary>The index of shard <paramref name="shard"/>, started on a pool thread the first time it is asked for.</summary>
    public Task<ShardIndex> IndexAsync(int shard)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var file = FileOf(shard);
        return _indexes.GetOrAdd(shard, _ => new Lazy<Task<ShardIndex>>(() => Task.Run(() => ShardIndex.Load(file, OnCorrupt, Tally)))).Value;
    }

    public ShardFile FileOf(int shard) =>
        shard >= 0 && shard < Shards.Count ? Shards[shard] : throw new InvalidDataException($"shard {shard} is not in this dataset ({Shards.Count} shards)");

    /// <summary>Runs <paramref name="read"/> with a read handle on shard <paramref name="shard"/> (kept open for later reads, up to a limit).</summary>
    internal T WithHandle<T>(int shard, Func<SafeFileHandle, T> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_handles.TryGetValue(shard, out var cached))
        {
            return read(cached);
        }

        var handle = File.OpenHandle(FileOf(shard).Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        if (_handles.Count < MaxOpenHandles && _handles.TryAdd(shard, handle))
        {
            return read(handle);
        }

        using (handle)
        {
            return read(handle);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var handle in _handles.Values)
        {
            handle.Dispose();
        }

        _handles.Clear();
    }
}
