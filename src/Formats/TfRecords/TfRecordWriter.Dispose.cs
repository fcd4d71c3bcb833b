using System.Buffers;

namespace Cluster.Formats.TfRecords;

/// <summary>Closing: flush, finish the compressed stream, close, and publish (or discard) a file made by <see cref="Create"/>.</summary>
public sealed partial class TfRecordWriter
{
    /// <summary>Flushes, finishes the compressed stream and closes; a file from <see cref="Create"/> is renamed into place.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            FlushPending();
            if (!ReferenceEquals(_stream, _raw))
            {
                _stream.Dispose();
            }

            _raw.Flush();
        }
        catch
        {
            _faulted = true;
            throw;
        }
        finally
        {
            Release();
            if (!_leaveOpen)
            {
                _raw.Dispose();
            }

            Publish();
        }
    }

    /// <summary>Asynchronous <see cref="Dispose"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            await FlushPendingAsync(CancellationToken.None).ConfigureAwait(false);
            if (!ReferenceEquals(_stream, _raw))
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }

            await _raw.FlushAsync().ConfigureAwait(false);
        }
        catch
        {
            _faulted = true;
            throw;
        }
        finally
        {
            Release();
            if (!_leaveOpen)
            {
                await _raw.DisposeAsync().ConfigureAwait(false);
            }

            Publish();
        }
    }

    private void Release()
    {
        _disposed = true;
        ArrayPool<byte>.Shared.Return(_pending);
        _pending = [];
    }

    /// <summary>Renames the temporary file into place, or deletes it when a write or the close failed.</summary>
    private void Publish()
    {
        if (_tempPath is null || _publishPath is null)
        {
            return;
        }

        if (_faulted)
        {
            File.Delete(_tempPath);
            return;
        }

        File.Move(_tempPath, _publishPath, overwrite: true);
    }
}
