using Cluster.Trainer.Model;

namespace Cluster.Trainer.Tests;

public class ArrayViewsTests
{
    [Fact]
    public void Of_ViewsTheArrayInPlace_WithoutCopying()
    {
        var values = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();
        using var view = ArrayViews.Of(values, 6, 2, 3, 3);

        Assert.Equal([2L, 3, 3], view.shape);
        Assert.Equal(6f, view[0, 0, 0].item<float>());
        Assert.Equal(23f, view[1, 2, 2].item<float>());
        values[7] = -1; // the tensor reads the array itself
        Assert.Equal(-1f, view[0, 0, 1].item<float>());
        var large = new float[1_000_000];
        var before = GC.GetAllocatedBytesForCurrentThread();
        using (ArrayViews.Of(large, 0, 1000, 1000))
        {
        }

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 100_000, "the 4 MB array was copied");
    }

    [Theory]
    [InlineData(-1, 4)]
    [InlineData(20, 8)]
    [InlineData(0, 25)]
    public void Of_OutsideTheArray_Throws(long offset, long length) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ArrayViews.Of(new float[24], offset, length));
}
