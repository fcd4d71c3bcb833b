namespace Cluster.Trainer.Parallel;

/// <summary>Splits a global batch of <c>count</c> images into contiguous, disjoint replica slices whose sizes differ by at most one.</summary>
public static class BatchSlices
{
    public static (int Start, int Count)[] Split(int count, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        var slices = new (int, int)[replicas];
        var start = 0;
        for (var r = 0; r < replicas; r++)
        {
            var size = count / replicas + (r < count % replicas ? 1 : 0);
            slices[r] = (start, size);
            start += size;
        }

        return slices;
    }
}
