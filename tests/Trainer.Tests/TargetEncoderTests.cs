using Cluster.Formats.Pipeline;
using Cluster.Trainer.Model;
using Cluster.Trainer.Targets;

namespace Cluster.Trainer.Tests;

public class TargetEncoderTests
{
    private static readonly DetectorConfig Config = new(2, 32, 32, 8); // 8×8 output grid

    private static DecodedBatch OneImage(float[] boxes, int[] labels) =>
        new(1, 32, 32, new float[3 * 32 * 32], [new DecodedTarget(boxes, labels)], ["img-a"]);

    [Fact]
    public void Encode_OneBox_PeakSizeAndOffsetAtCentreCell()
    {
        // Box (0.125, 0.125)-(0.875, 0.625) on an 8×8 grid: centre (4.0, 3.0), size 6×4 cells, label 2;
        // CornerNet's Gaussian radius for 4×6 at IoU 0.7 is 1.3 -> a 3×3 Gaussian.
        var targets = new CenterNetTargetEncoder(Config).Encode(OneImage([0.125f, 0.125f, 0.875f, 0.625f], [2]), 0, 1);

        const int plane = 64, cell = 3 * 8 + 4;
        Assert.Equal(1, targets.Objects);
        Assert.Equal(1f, targets.Heatmap[plane + cell]);     // class 2 plane
        Assert.Equal(0f, targets.Heatmap[cell]);             // class 1 plane untouched
        Assert.Equal(6f, targets.Size[cell], 5);
        Assert.Equal(4f, targets.Size[plane + cell], 5);
        Assert.Equal(0f, targets.Offset[cell], 5);
        Assert.Equal(1f, targets.Mask[cell]);
        Assert.Equal(1f, targets.Mask.Sum());
        Assert.InRange(targets.Heatmap[plane + cell + 1], 0.01f, 0.99f); // Gaussian falls off next to the peak
    }

    [Fact]
    public void Encode_LabelOutsideClasses_ThrowsNamingImage()
    {
        var e = Assert.Throws<ArgumentException>(() => new CenterNetTargetEncoder(Config).Encode(OneImage([0.1f, 0.1f, 0.2f, 0.2f], [3]), 0, 1));
        Assert.Contains("img-a", e.Message, StringComparison.Ordinal);
        Assert.Contains("label 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_DegenerateBox_IsSkipped()
    {
        var targets = new CenterNetTargetEncoder(Config).Encode(OneImage([0.5f, 0.5f, 0.5f, 0.7f], [1]), 0, 1);
        Assert.Equal(0, targets.Objects);
        Assert.Equal(0f, targets.Heatmap.Max());
    }
}
