namespace Cluster.Grains.Training;

/// <summary>
/// Splits a flat gradient of <c>length</c> floats into consecutive buckets of at most <c>bucketElements</c> floats (the
/// last one shorter), so every all-reduce message stays bounded whatever the model's size.
/// </summary>
public static class GradientBuckets
{
    /// <summary>1 Mi floats = 4 MiB per bucket: the default.</summary>
    public const int DefaultBucketElements = 1 << 20;

    /// <summary>16 Mi floats = 64 MiB: well below Orleans' default maximum message body (100 MB).</summary>
    public const int MaxBucketElements = 1 << 24;

    /// <summary>The (start, length) of every bucket, in order; none for an empty gradient.</summary>
    public static IReadOnlyList<(int Start, int Length)> Ranges(int length, int bucketElements)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketElements, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bucketElements, MaxBucketElements);
        var ranges = new List<(int, int)>((length + bucketElements - 1) / bucketElements);
        for (var start = 0; start < length; start += bucketElements)
            ranges.Add((start, Math.Min(bucketElements, length - start)));
        return ranges;
    }

    /// <summary>Copies of the buckets of <paramref name="flat"/>.</summary>
    public static float[][] Split(ReadOnlySpan<float> flat, int bucketElements)
    {
        var ranges = Ranges(flat.Length, bucketElements);
        var buckets = new float[ranges.Count][];
        for (var b = 0; b < buckets.Length; b++)
            buckets[b] = flat.Slice(ranges[b].Start, ranges[b].Length).ToArray();
        return buckets;
    }

    /// <summary>Writes <paramref name="buckets"/> back to back into <paramref name="flat"/>; their lengths must add up to its length.</summary>
    public static void Join(IReadOnlyList<float[]> buckets, Span<float> flat)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var offset = 0;
        foreach (var bucket in buckets)
        {
            if (offset + bucket.Length > flat.Length)
                throw new ArgumentException($"the buckets hold more than the {flat.Length} floats of the gradient", nameof(buckets));
            bucket.CopyTo(flat[offset..]);
            offset += bucket.Length;
        }

        if (offset != flat.Length)
            throw new ArgumentException($"the buckets hold {offset} floats, the gradient {flat.Length}", nameof(buckets));
    }
}
