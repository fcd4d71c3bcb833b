using System.Text.Json;

namespace Cluster.Formats.Manifests;

/// <summary>Walks a JSON document held in a stream with <see cref="Utf8JsonReader"/> over a refillable buffer.
/// Only one element (an object of an array) is ever held whole, so memory follows the largest element, not the file.</summary>
internal sealed partial class JsonStreamCursor : IDisposable
{
    private readonly Stream _stream;
    private readonly string _file;
    private readonly long _maxValueBytes;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _eof;
    private bool _bomChecked;
    private int _lastStepStart;
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });

    public JsonStreamCursor(Stream stream, string file, long maxValueBytes = ManifestReadOptions.DefaultMaxJsonValueBytes)
    {
        _stream = stream;
        _file = file;
        _maxValueBytes = maxValueBytes;
    }

    /// <summary>Absolute byte offset of the next unread byte.</summary>
    public long Offset => _bufferOffset + _start;

    private delegate bool ReaderStep<T>(ref Utf8JsonReader reader, out T result);

    private T Next<T>(ReaderStep<T> step)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
            bool done;
            T result;
            try
            {
                done = step(ref reader, out result);
            }
            catch (JsonException e)
            {
                throw Failure(e, _bufferOffset + _start + reader.BytesConsumed);
            }
            catch (InvalidOperationException e)
            {
                // Utf8JsonReader.GetString on a property name that is not valid UTF-8.
                throw ManifestException.AtOffset(_file, _bufferOffset + _start + reader.TokenStartIndex, $"unreadable JSON string ({e.Message})", e);
            }

            if (done)
            {
                _lastStepStart = _start;
                _start += (int)reader.BytesConsumed;
                _state = reader.CurrentState;
                return result;
            }

            if (_eof)
            {
                throw ManifestException.Truncated(_file, _bufferOffset + _end, "JSON");
            }

            Refill();
        }
    }

    private ManifestException Failure(JsonException e, long offset)
    {
        var truncated = _eof && (e.Message.Contains("end of data", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("end of the JSON payload", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("reached end", StringComparison.OrdinalIgnoreCase));
        return truncated
            ? ManifestException.Truncated(_file, _bufferOffset + _end, $"JSON (line {e.LineNumber + 1})")
            : ManifestException.AtOffset(_file, offset, $"malformed JSON at line {e.LineNumber + 1}: {e.Message}", e);
    }

    private void Refill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= _maxValueBytes)
            {
                throw ManifestException.AtOffset(_file, _bufferOffset, $"a single JSON value longer than {_maxValueBytes} bytes " +
                    "(ManifestReadOptions.MaxJsonValueBytes) starts");
            }

            Array.Resize(ref _buffer, (int)Math.Min(_buffer.Length * 2L, Math.Max(_maxValueBytes, _buffer.Length)));
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
        if (!_bomChecked && (_end >= 3 || _eof))
        {
            // Utf8JsonReader rejects a UTF-8 byte-order mark, which Windows tools often write.
            _bomChecked = true;
            if (_bufferOffset == 0 && _buffer.AsSpan(0, _end).StartsWith("\uFEFF"u8))
            {
                _start = 3;
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
