using System.Buffers;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// One record's payload as a slice of a memory-mapped shard (<see cref="ShardMapping"/>), so a
/// <see cref="ShardRecord.Data"/> can point into the mapping instead of a copy. Reading it after its batch and the
/// catalog were disposed throws <see cref="ObjectDisposedException"/>.
/// </summary>
internal sealed unsafe class MappedRecord(ShardMapping mapping, long offset, int length) : MemoryManager<byte>
{
    public override Span<byte> GetSpan() =>
        new(mapping.Pointer(offset), length); // read-only in effect: ShardRecord exposes it as ReadOnlyMemory<byte>

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, length);
        return new MemoryHandle(mapping.Pointer(offset + elementIndex), pinnable: this);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
