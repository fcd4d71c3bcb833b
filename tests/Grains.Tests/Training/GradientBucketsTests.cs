using Cluster.Grains.Training;

namespace Cluster.Grains.Tests.Training;

public sealed class GradientBucketsTests
{
    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 4)]
    [InlineData(8, 4)]
    [InlineData(10, 4)]
    [InlineData(1_000_003, 65_536)]
    public void SplitThenJoin_AnyLength_RoundTripsEveryBit(int length, int bucket)
    {
        var random = new Random(length);
        var flat = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

        var buckets = GradientBuckets.Split(flat, bucket);
        var joined = new float[length];
        GradientBuckets.Join(buckets, joined);

        Assert.Equal((length + bucket - 1) / bucket, buckets.Length);
        Assert.All(buckets, b => Assert.InRange(b.Length, 1, bucket));
        Assert.Equal(flat, joined);
    }

    [Fact]
    public void Join_LengthsDoNotAddUp_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => GradientBuckets.Join([new float[3], new float[3]], new float[7]));

        Assert.Contains("6 floats", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ranges_BucketAboveTheMessageLimit_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientBuckets.Ranges(10, GradientBuckets.MaxBucketElements + 1));
}
