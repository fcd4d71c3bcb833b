using System.Buffers;

namespace Cluster.Formats.TfRecords;

/// <summary>
/// Reads framed TFRecords and checks both CRCs of every record. Streaming: one pooled buffer (1 MiB, grown only as far as
/// the bytes actually present) holds the current records; a returned record is a slice of it, valid until the next read.
/// Tells apart a clean end of file (<c>false</c>/<c>null</c>), <see cref="TruncatedRecordException"/> and
/// <see cref="CorruptedRecordException"/>. Not thread-safe.
/// </summary>
public sealed partial class TfRecordReader : IDisposable, IAsyncDisposable
{
    internal const int DefaultBufferSize = 1 << 20;

    private readonly Stream _raw;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly CorruptRecordPolicy _policy;
    private readonly long? _knownLength;
    private readonly long _maxRecordLength;
    private byte[] _buffer;
    private long _bufferOffset;
    private int _position;
    private int _end;
    private bool _endOfStream;
    private bool _stopped;
    private bool _disposed;

    /// <summary>
    /// Reads records from <paramref name="stream"/>; <paramref name="fileName"/> names it in errors. The reader disposes
    /// the stream unless <paramref name="leaveOpen"/>.
    /// </summary>
    public TfRecordReader(Stream stream, string fileName, TfRecordReaderOptions? options = null, bool leaveOpen = false)
        : this(stream, fileName, options, leaveOpen, bufferSize: DefaultBufferSize)
    {
    }

    internal TfRecordReader(Stream stream, string fileName, TfRecordReaderOptions? options, bool leaveOpen, int bufferSize)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        options ??= new TfRecordReaderOptions();
        FilePath = fileName;
        _raw = stream;
        _leaveOpen = leaveOpen;
        _policy = options.OnCorrupt;
        _maxRecordLength = options.MaxRecordLength is > 0 and var max && max <= TfRecordReaderOptions.LargestSupportedRecord
            ? max
            : throw new ArgumentOutOfRangeException(nameof(options), options.MaxRecordLength, $"MaxRecordLength must be between 1 and {TfRecordReaderOptions.LargestSupportedRecord}");
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        var compression = options.Compression ?? ShardNames.CompressionOf(fileName);
        if (options.Compression is null && compression == TfRecordCompression.None)
        {
            (compression, stream) = SniffCompression(stream);
        }

        Compression = compression;
        _stream = TfRecordStreams.ForReading(stream, compression);
        _knownLength = compression == TfRecordCompression.None && stream.CanSeek ? stream.Length - stream.Position : null;
    }

    /// <summary>The file (or stream name) errors refer to.</summary>
    public string FilePath { get; }

    /// <summary>The compression the reader decodes (stated or detected).</summary>
    public TfRecordCompression Compression { get; }

    /// <summary>Records read so far.</summary>
    public long RecordCount { get; private set; }

    /// <summary>Offset in the uncompressed stream of the record the last read returned.</summary>
    public long LastRecordOffset { get; private set; } = -1;

    /// <summary>Offset in the uncompressed stream where the next record starts.</summary>
    public long Position => _bufferOffset + _position;

    /// <summary>With <see cref="CorruptRecordPolicy.Skip"/>: records lost at the first bad record (it and every later frame whose header still reads).</summary>
    public long SkippedRecords { get; private set; }

    /// <summary>With <see cref="CorruptRecordPolicy.Skip"/>: bytes of the uncompressed stream lost, from the first bad record to the end.</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>The first bad record met with <see cref="CorruptRecordPolicy.Skip"/>, or <c>null</c>.</summary>
    public TfRecordException? SkipReason { get; private set; }

    /// <summary>Opens a file; compression comes from the options, else the extension, else the first bytes.</summary>
    public static TfRecordReader Open(string path, TfRecordReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        try
        {
            return new TfRecordReader(file, path, options, leaveOpen: false, bufferSize: DefaultBufferSize);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next record; <c>false</c> at a clean end of file.</summary>
    public bool TryReadNext(out ReadOnlyMemory<byte> record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        record = default;
        if (_stopped)
        {
            return false;
        }

        try
        {
            if (!Ensure(TfRecordFraming.HeaderSize))
            {
                return AtEndOfHeader();
            }

            var length = ParseHeader();
            if (!Ensure(TfRecordFraming.Overhead + length))
            {
                throw ShortRecord(length);
            }

            record = Accept(length);
            return true;
        }
        catch (TfRecordException e) when (_policy == CorruptRecordPolicy.Skip)
        {
            SkipToEnd(e);
            return false;
        }
    }

    /// <summary>Closes the reader and, if it opened it, the file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Release();
        if (!ReferenceEquals(_stream, _raw))
        {
            _stream.Dispose();
        }

        if (!_leaveOpen)
        {
            _raw.Dispose();
        }
    }

    /// <summary>Asynchronous <see cref="Dispose"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        Release();
        if (!ReferenceEquals(_stream, _raw))
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        if (!_leaveOpen)
        {
            await _raw.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Release()
    {
        _disposed = true;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
