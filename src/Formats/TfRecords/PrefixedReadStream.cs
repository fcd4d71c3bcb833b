namespace Cluster.Formats.TfRecords;

/// <summary>A read-only stream that first returns bytes already taken from <c>inner</c> (to sniff them), then the rest of <c>inner</c>.</summary>
internal sealed class PrefixedReadStream(byte[] prefix, Stream inner) : ForwardReadStream
{
    private int _prefixPosition;

    public override int Read(Span<byte> buffer)
    {
        if (_prefixPosition < prefix.Length)
        {
            var n = Math.Min(buffer.Length, prefix.Length - _prefixPosition);
            prefix.AsSpan(_prefixPosition, n).CopyTo(buffer);
            _prefixPosition += n;
            return n;
        }

        return inner.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _prefixPosition < prefix.Length ? ValueTask.FromResult(Read(buffer.Span)) : inner.ReadAsync(buffer, cancellationToken);
}
