using System.Collections.Concurrent;

namespace Cluster.Formats.Pipeline;

/// <summary>Reusable float buffers of one size for decoded batches. Thread-safe.</summary>
public sealed class PixelBufferPool(int length)
{
    private readonly ConcurrentBag<float[]> _free = [];
    private int _created;

    /// <summary>Buffers created so far (the rest of the rents reused one).</summary>
    public int Created => _created;

    public float[] Rent()
    {
        if (_free.TryTake(out var buffer))
        {
            return buffer;
        }

        Interlocked.Increment(ref _created);
        return new float[length];
    }

    public void Return(float[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length == length)
        {
            _free.Add(buffer);
        }
    }
}
