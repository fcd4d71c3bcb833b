using System.Buffers;

namespace Cluster.Formats.TfRecords;

/// <summary>
/// Writes framed TFRecords, byte for byte as TensorFlow's <c>RecordWriter</c> does, optionally inside one GZIP or ZLIB
/// stream. Streaming: only the current record and a small pooled buffer are held. Not thread-safe.
/// </summary>
public sealed partial class TfRecordWriter : IDisposable, IAsyncDisposable
{
    private const int PendingSize = 64 * 1024;

    private readonly Stream _raw;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly string? _publishPath;
    private readonly string? _tempPath;
    private byte[] _pending;
    private int _pendingLength;
    private bool _disposed;
    private bool _faulted;

    /// <summary>Writes records to <paramref name="stream"/>, compressing the whole stream as <paramref name="compression"/> says.</summary>
    public TfRecordWriter(Stream stream, TfRecordCompression compression = TfRecordCompression.None, bool leaveOpen = false)
        : this(stream, compression, leaveOpen, null, null)
    {
    }

    private TfRecordWriter(Stream stream, TfRecordCompression compression, bool leaveOpen, string? tempPath, string? publishPath)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("the stream is not writable", nameof(stream));
        }

        _raw = stream;
        _leaveOpen = leaveOpen;
        _stream = TfRecordStreams.ForWriting(stream, compression, leaveOpen: true);
        _tempPath = tempPath;
        _publishPath = publishPath;
        Compression = compression;
        _pending = ArrayPool<byte>.Shared.Rent(PendingSize);
    }

    /// <summary>The compression of the whole stream.</summary>
    public TfRecordCompression Compression { get; }

    /// <summary>Records written so far.</summary>
    public long RecordCount { get; private set; }

    /// <summary>Bytes written so far in the uncompressed stream (framing included): the next record's offset.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>
    /// Creates <paramref name="path"/>: the records go to a hidden temporary file beside it, which is renamed to
    /// <paramref name="path"/> when the writer is disposed, so readers never see a half-written shard. If a write failed
    /// (or was cancelled), disposing deletes the temporary file instead and publishes nothing.
    /// </summary>
    public static TfRecordWriter Create(string path, TfRecordCompression compression = TfRecordCompression.None)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        return new TfRecordWriter(file, compression, leaveOpen: false, temp, full);
    }

    /// <summary>Appends one record and returns its offset in the uncompressed stream (what a DALI <c>.idx</c> lists).</summary>
    public long Write(ReadOnlySpan<byte> record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return WriteCore(record);
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    /// <summary>Appends one record and returns its offset in the uncompressed stream.</summary>
    public async ValueTask<long> WriteAsync(ReadOnlyMemory<byte> record, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            ct.ThrowIfCancellationRequested();
            return await WriteCoreAsync(record, ct).ConfigureAwait(false);
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    private long WriteCore(ReadOnlySpan<byte> record)
    {
        var offset = BytesWritten;
        var total = TfRecordFraming.Overhead + record.Length;
        if (_pendingLength + total <= _pending.Length)
        {
            AppendFramed(record);
        }
        else
        {
            // Too big for what is left: header into the buffer (flushed first when even the header does not fit), record straight through.
            if (_pendingLength + TfRecordFraming.HeaderSize > _pending.Length)
            {
                FlushPending();
            }

            TfRecordFraming.WriteHeader(PendingTail(TfRecordFraming.HeaderSize), record.Length);
            _pendingLength += TfRecordFraming.HeaderSize;
            FlushPending();
            _stream.Write(record);
            TfRecordFraming.WriteFooter(PendingTail(TfRecordFraming.FooterSize), record);
            _pendingLength += TfRecordFraming.FooterSize;
        }

        Advance(total);
        return offset;
    }

    private async ValueTask<long> WriteCoreAsync(ReadOnlyMemory<byte> record, CancellationToken ct)
    {
        var offset = BytesWritten;
        var total = TfRecordFraming.Overhead + record.Length;
        if (_pendingLength + total <= _pending.Length)
        {
            AppendFramed(record.Span);
        }
        else
        {
            if (_pendingLength + TfRecordFraming.HeaderSize > _pending.Length)
            {
                await FlushPendingAsync(ct).ConfigureAwait(false);
            }

            TfRecordFraming.WriteHeader(PendingTail(TfRecordFraming.HeaderSize), record.Length);
            _pendingLength += TfRecordFraming.HeaderSize;
            await FlushPendingAsync(ct).ConfigureAwait(false);
            await _stream.WriteAsync(record, ct).ConfigureAwait(false);
            TfRecordFraming.WriteFooter(PendingTail(TfRecordFraming.FooterSize), record.Span);
            _pendingLength += TfRecordFraming.FooterSize;
        }

        Advance(total);
        return offset;
    }

    /// <summary>Pushes buffered records to the underlying stream (for compressed streams, as far as the compressor allows).</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        FlushPending();
        _stream.Flush();
    }

    /// <summary>Pushes buffered records to the underlying stream.</summary>
    public async ValueTask FlushAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await FlushPendingAsync(ct).ConfigureAwait(false);
        await _stream.FlushAsync(ct).ConfigureAwait(false);
    }

    private void AppendFramed(ReadOnlySpan<byte> record)
    {
        var span = PendingTail(TfRecordFraming.Overhead + record.Length);
        TfRecordFraming.WriteHeader(span, record.Length);
        record.CopyTo(span[TfRecordFraming.HeaderSize..]);
        TfRecordFraming.WriteFooter(span[(TfRecordFraming.HeaderSize + record.Length)..], record);
        _pendingLength += span.Length;
    }

    private Span<byte> PendingTail(int length) => _pending.AsSpan(_pendingLength, length);

    private void FlushPending()
    {
        if (_pendingLength > 0)
        {
            _stream.Write(_pending, 0, _pendingLength);
            _pendingLength = 0;
        }
    }

    private async ValueTask FlushPendingAsync(CancellationToken ct)
    {
        if (_pendingLength > 0)
        {
            await _stream.WriteAsync(_pending.AsMemory(0, _pendingLength), ct).ConfigureAwait(false);
            _pendingLength = 0;
        }
    }

    private void Advance(int total)
    {
        RecordCount++;
        BytesWritten += total;
    }
}
