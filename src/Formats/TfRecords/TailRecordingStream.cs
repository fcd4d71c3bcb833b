namespace Cluster.Formats.TfRecords;

/// <summary>A forward-only read-through stream that remembers how many bytes passed and the last eight of them
/// (where a GZIP member keeps its trailer).</summary>
internal sealed class TailRecordingStream(Stream inner) : Stream
{
    public const int TailSize = 8;

    private readonly byte[] _tail = new byte[TailSize];

    /// <summary>Bytes read from the inner stream so far.</summary>
    public long TotalRead { get; private set; }

    /// <summary>The last <see cref="TailSize"/> bytes read (fewer when fewer were read), oldest first.</summary>
    public ReadOnlySpan<byte> Tail => _tail.AsSpan(TailSize - (int)Math.Min(TotalRead, TailSize));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Record(buffer, inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Record(buffer.Span, read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Record(ReadOnlySpan<byte> buffer, int read)
    {
        var fresh = buffer[..read];
        if (fresh.Length >= TailSize)
        {
            fresh[^TailSize..].CopyTo(_tail);
        }
        else if (fresh.Length > 0)
        {
            _tail.AsSpan(fresh.Length).CopyTo(_tail);
            fresh.CopyTo(_tail.AsSpan(TailSize - fresh.Length));
        }

        TotalRead += read;
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
