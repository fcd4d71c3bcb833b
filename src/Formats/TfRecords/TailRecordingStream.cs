namespace Cluster.Formats.TfRecords;

/// <summary>A forward-only read-through stream that remembers how many bytes passed and the last eight of them
/// (where a GZIP member keeps its trailer).</summary>
internal sealed class TailRecordingStream(Stream inner) : ForwardReadStream
{
    public const int TailSize = 8;

    private readonly byte[] _tail = new byte[TailSize];

    /// <summary>Bytes read from the inner stream so far.</summary>
    public long TotalRead { get; private set; }

    /// <summary>The last <see cref="TailSize"/> bytes read (fewer when fewer were read), oldest first.</summary>
    public ReadOnlySpan<byte> Tail => _tail.AsSpan(TailSize - (int)Math.Min(TotalRead, TailSize));

    public override int Read(Span<byte> buffer) => Record(buffer, inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Record(buffer.Span, read);
    }

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
}
