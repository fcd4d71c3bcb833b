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
    private readonly ConcurrentDictionary<int, Lazy<ShardMapping>> _mappings = new();
    private long _recordsLoaded;
    private bool _disposed;

    public ShardCatalog(IReadOnlyList<ShardFile> shards, CorruptRecordPolicy onCorrupt = CorruptRecordPolicy.Fail, ReadTally? tally = null, bool memoryMap = true)
    {
        MemoryMap = memoryMap;
        ArgumentNullException.ThrowIfNull(shards);
        Shards = shards;
        OnCorrupt = onCorrupt;
        Tally = tally ?? new ReadTally();
    }

    public IReadOnlyList<ShardFile> Shards { get; }

    public CorruptRecordPolicy OnCorrupt { get; }

    public ReadTally Tally { get; }

    /// <summary>Whether records are checked and handed out in place in memory-mapped shards (else read with one positioned read each).</summary>
    public bool MemoryMap { get; }

    /// <summary>Records the loader has read out of the shards so far (read-ahead included): how far reading got, whatever was consumed.</summary>
    public long RecordsLoaded => Interlocked.Read(ref _recordsLoaded);

    /// <summary>Counts <paramref name="records"/> more records read by the loader.</summary>
    internal void CountLoaded(int records) => Interlocked.Add(ref _recordsLoaded, records);

    /// <summary>The index of shard <paramref name="shard"/>, started on a pool thread the first time it is asked for.</summary>
    public Task<ShardIndex> IndexAsync(int shard)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var file = FileOf(shard);
        return _indexes.GetOrAdd(shard, _ => new Lazy<Task<ShardIndex>>(() => Task.Run(() => ShardIndex.Load(file, OnCorrupt, Tally)))).Value;
    }

    public ShardFile FileOf(int shard) =>
        shard >= 0 && shard < Shards.Count ? Shards[shard] : throw new InvalidDataException($"shard {shard} is not in this dataset ({Shards.Count} shards)");

    /// <summary>Shard <paramref name="shard"/> mapped into memory (mapped once, kept until disposed).</summary>
    internal ShardMapping Mapping(int shard)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_mappings.TryGetValue(shard, out var mapped))
        {
            return mapped.Value;
        }

        var path = FileOf(shard).Path;
        var copy = DecompressedCopy(shard);
        return _mappings.GetOrAdd(shard, _ => new Lazy<ShardMapping>(() => copy is null ? new ShardMapping(path) : new ShardMapping(path, copy))).Value;
    }

    /// <summary>A read handle on shard <paramref name="shard"/>: a cached one (<c>Owned</c> false), or, past the limit of open
    /// handles, a fresh one the caller disposes (<c>Owned</c> true).</summary>
    internal (SafeFileHandle Handle, bool Owned) ReadHandle(int shard)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_handles.TryGetValue(shard, out var cached))
        {
            return (cached, false);
        }

        if (DecompressedCopy(shard) is { } copy)
        {
            return (copy.Handle, false);
        }

        var handle = File.OpenHandle(FileOf(shard).Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        if (_handles.Count < MaxOpenHandles && _handles.TryAdd(shard, handle))
        {
            return (handle, false);
        }

        return (handle, true);
    }

    /// <summary>
    /// The uncompressed copy of shard <paramref name="shard"/> when it is a GZIP or ZLIB shard, else <c>null</c>. Waits for
    /// the shard's index if it was not built yet (e.g. for a record in a restored shuffle buffer whose shard interleave has
    /// finished: a compressed one is then decompressed again from its start).
    /// </summary>
    private DecompressedShard? DecompressedCopy(int shard) => IndexAsync(shard).GetAwaiter().GetResult().Decompressed;

    public void Dispose()
    {
        _disposed = true;
        foreach (var index in _indexes.Values.Where(i => i.IsValueCreated && i.Value.IsCompletedSuccessfully))
        {
            index.Value.Result.Decompressed?.Dispose(); // mappings of a copy keep its pages until their batches are disposed
        }

        foreach (var handle in _handles.Values)
        {
            handle.Dispose();
        }

        _handles.Clear();
        foreach (var mapping in _mappings.Values.Where(m => m.IsValueCreated))
        {
            mapping.Value.Release(); // batches still holding records keep it mapped until they are disposed
        }

        _mappings.Clear();
    }
}
