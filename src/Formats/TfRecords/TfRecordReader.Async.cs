using System.Runtime.CompilerServices;

namespace Cluster.Formats.TfRecords;

/// <summary>Asynchronous reading: the same framing checks as <see cref="TryReadNext"/>, with awaited fills.</summary>
public sealed partial class TfRecordReader
{
    /// <summary>Reads the next record; <c>null</c> at a clean end of file. The memory is valid until the next read.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadNextAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_stopped)
        {
            return null;
        }

        try
        {
            if (!await EnsureAsync(TfRecordFraming.HeaderSize, ct).ConfigureAwait(false))
            {
                _ = AtEndOfHeader();
                return null;
            }

            var length = ParseHeader();
            if (!await EnsureAsync(TfRecordFraming.Overhead + length, ct).ConfigureAwait(false))
            {
                throw ShortRecord(length);
            }

            return Accept(length);
        }
        catch (TfRecordException e) when (_policy == CorruptRecordPolicy.Skip)
        {
            SkipToEnd(e); // counts the loss with synchronous reads of the rest of the stream

            return null;
        }
    }

    /// <summary>Every remaining record with its offset. Each record's memory is valid until the loop moves on.</summary>
    public async IAsyncEnumerable<TfRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        while (await ReadNextAsync(ct).ConfigureAwait(false) is { } data)
        {
            yield return new TfRecord(LastRecordOffset, data);
        }
    }

    private async ValueTask<bool> EnsureAsync(int need, CancellationToken ct)
    {
        if (Available >= need)
        {
            return true;
        }

        if (_endOfStream)
        {
            return false;
        }

        PrepareFor(need);
        while (_end < need)
        {
            GrowIfFull(need);
            var n = await ReadRawAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
            if (n == 0)
            {
                _endOfStream = true;
                return false;
            }

            _end += n;
        }

        return true;
    }

    private async ValueTask<int> ReadRawAsync(Memory<byte> into, CancellationToken ct)
    {
        try
        {
            return await _stream.ReadAsync(into, ct).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw Damaged(e);
        }
    }
}
