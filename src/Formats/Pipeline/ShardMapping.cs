using System.IO.MemoryMappedFiles;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// A shard mapped read-only into memory, so the loader checks records in place and hands out slices of the mapping
/// (<see cref="MappedRecord"/>) without a system call or a copy per record. Reference-counted: the
/// <see cref="ShardCatalog"/> holds one reference and every <see cref="RecordBatch"/> with records in it one more, so the
/// mapping is removed when the catalog and the last such batch are disposed (or, for batches never disposed, when nothing
/// refers to it any more). Shards are immutable once published (written to a temporary name, then renamed), and a rename
/// does not disturb a mapping; a shard truncated in place while mapped would fault, which is why
/// <see cref="ReaderOptions.MemoryMap"/> can be turned off.
/// </summary>
internal sealed unsafe class ShardMapping
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _start;
    private readonly ReadOnlyMemory<byte>? _whole;
    private int _references = 1;
    private int _unmapped;

    public ShardMapping(string path)
        : this(path, new FileInfo(path).Length, MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read))
    {
    }

    /// <summary>Maps the uncompressed copy <paramref name="copy"/> of the compressed shard <paramref name="path"/> (errors name <paramref name="path"/>).</summary>
    public ShardMapping(string path, DecompressedShard copy)
        : this(path, copy.Length, MemoryMappedFile.CreateFromFile(copy.Handle, mapName: null, capacity: 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true))
    {
    }

    private ShardMapping(string path, long length, MemoryMappedFile file)
    {
        Path = path;
        Length = length;
        _file = file;
        try
        {
            _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* start = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            _start = start + _view.PointerOffset;
            _whole = Length <= int.MaxValue ? new MappedRecord(this, 0, (int)Length).Memory : null;
        }
        catch
        {
            GC.SuppressFinalize(this);
            _view?.Dispose();
            _file.Dispose();
            throw;
        }
    }

    ~ShardMapping() => Unmap();

    public string Path { get; }

    /// <summary>The file's length when it was mapped.</summary>
    public long Length { get; }

    /// <summary>The <paramref name="count"/> bytes at <paramref name="offset"/>, which the caller has checked lie inside <see cref="Length"/>.</summary>
    public ReadOnlySpan<byte> Span(long offset, int count)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _unmapped) != 0, this);
        return new ReadOnlySpan<byte>(_start + offset, count);
    }

    /// <summary>
    /// The <paramref name="count"/> bytes at <paramref name="offset"/> as memory that stays valid while anything refers to
    /// it: a slice of one <see cref="MappedRecord"/> over the whole file (no allocation per record) when the file is under
    /// 2 GiB, else a <see cref="MappedRecord"/> of its own.
    /// </summary>
    public ReadOnlyMemory<byte> Memory(long offset, int count)
    {
        return _whole is { } whole ? whole.Slice((int)offset, count) : new MappedRecord(this, offset, count).Memory;
    }

    /// <summary>A pointer to the byte at <paramref name="offset"/> (for pinning a <see cref="MappedRecord"/>).</summary>
    public byte* Pointer(long offset)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _unmapped) != 0, this);
        return _start + offset;
    }

    /// <summary>Takes one more reference; false when the mapping is already gone.</summary>
    public bool TryAddReference()
    {
        var seen = Volatile.Read(ref _references);
        while (seen > 0)
        {
            var was = Interlocked.CompareExchange(ref _references, seen + 1, seen);
            if (was == seen)
            {
                return true;
            }

            seen = was;
        }

        return false;
    }

    /// <summary>Drops one reference; the last one removes the mapping.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Unmap();
            GC.SuppressFinalize(this);
        }
    }

    private void Unmap()
    {
        // _view is null in an object whose constructor threw (the finalizer still runs for it).
        if (Interlocked.Exchange(ref _unmapped, 1) != 0 || _view is null)
        {
            return;
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
