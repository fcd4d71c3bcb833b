using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Cluster.Grains.Writing;

/// <summary>
/// Passes every write on to a local file and, after each <see cref="Chunk"/> bytes, asks Linux to start writing those
/// dirty pages to disk without waiting for them (<c>sync_file_range(SYNC_FILE_RANGE_WRITE)</c>). The disk then works
/// while the next records are built, and the fsync before a shard is published waits only for the last chunk instead of
/// the whole shard (16 shards ending together left ~1 GB to flush at the end of a 10,000-image job). Changes no byte;
/// elsewhere than Linux, or when the call fails, it only passes writes on. Does not own <paramref name="file"/>.
/// </summary>
internal sealed class EarlyWritebackStream(FileStream file) : Stream
{
    private const long Chunk = 8 << 20;
    private const uint SyncFileRangeWrite = 2;

    private bool _enabled = OperatingSystem.IsLinux();
    private long _written;
    private long _requested;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        file.Write(buffer);
        Advance(buffer.Length);
    }

    public override void WriteByte(byte value) => Write([value]);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await file.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Advance(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => file.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => file.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Advance(int count)
    {
        _written += count;
        if (_enabled && _written - _requested >= Chunk)
        {
            // Only a hint: a failure (an old kernel, a file system without it) leaves the work to the final fsync.
            try
            {
                _ = SyncFileRange(file.SafeFileHandle, _requested, _written - _requested, SyncFileRangeWrite);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                _enabled = false;
            }

            _requested = _written;
        }
    }

    [DllImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static extern int SyncFileRange(SafeFileHandle fd, long offset, long count, uint flags);
}
