using System.Globalization;
using System.Text;
using Azure.Storage.Blobs.Specialized;

namespace Cluster.Grains.Storage;

/// <summary>
/// A write-only stream that cuts what it is given into blocks of <c>blockSize</c> bytes and stages each with Put Block
/// as soon as it is full. Block ids are the block's number (<c>00000000</c>, <c>00000001</c>... base64), so a writer that
/// writes the same bytes again after a crash stages the same blocks under the same ids. Staged blocks are invisible until
/// <see cref="CommitBlockList"/>.
/// </summary>
internal sealed class BlockStagingStream(BlockBlobClient blob, int blockSize, CancellationToken ct) : Stream
{
    private readonly byte[] _buffer = new byte[blockSize];
    private readonly List<string> _blockIds = [];
    private int _filled;
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var take = Math.Min(buffer.Length, _buffer.Length - _filled);
            buffer[..take].CopyTo(_buffer.AsSpan(_filled));
            _filled += take;
            _length += take;
            buffer = buffer[take..];
            if (_filled == _buffer.Length)
            {
                StageBuffered();
            }
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush()
    {
        // Blocks are staged when full; the last, partial one at the commit (a flush must not cut a block short, or a
        // rewrite that flushes elsewhere would stage other blocks).
    }

    /// <summary>Stages the last block and commits the list: the blob appears, whole, under its name.</summary>
    public void CommitBlockList()
    {
        if (_filled > 0)
        {
            StageBuffered();
        }

        blob.CommitBlockList(_blockIds, cancellationToken: ct);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void StageBuffered()
    {
        ct.ThrowIfCancellationRequested();
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(_blockIds.Count.ToString("D8", CultureInfo.InvariantCulture)));
        using (var block = new MemoryStream(_buffer, 0, _filled, writable: false))
        {
            blob.StageBlock(id, block, cancellationToken: ct);
        }

        _blockIds.Add(id);
        _filled = 0;
    }
}
