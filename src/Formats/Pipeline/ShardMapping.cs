using System.IO.MemoryMappedFiles;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// A shard mapped read-only into memory, so the loader copies records out without a system call per record. Shards are
/// immutable once published (written to a temporary name, then renamed), and a rename does not disturb a mapping; a shard
/// truncated in place while mapped would fault, which is one reason <see cref="ReaderOptions.MemoryMap"/> is opt-in.
/// </summary>
internal sealed unsafe class ShardMapping : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _start;
    private int _disposed;

    public ShardMapping(string path)
    {
        Length = new FileInfo(path).Length;
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        try
        {
            _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* start = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            _start = start + _view.PointerOffset;
        }
        catch
        {
            _view?.Dispose();
            _file.Dispose();
            throw;
        }
    }

    /// <summary>The file's length when it was mapped.</summary>
    public long Length { get; }

    /// <summary>Copies up to <c>destination.Length</c> bytes from <paramref name="offset"/>; returns how many there were.</summary>
    public int Copy(long offset, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (offset < 0 || offset >= Length)
        {
            return 0;
        }

        var count = (int)Math.Min(destination.Length, Length - offset);
        new ReadOnlySpan<byte>(_start + offset, count).CopyTo(destination);
        return count;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
