using Cluster.Tests.Shared;
using Cluster.Trainer.Decoding;
using Cluster.Trainer.Visuals;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cluster.Trainer.Tests;

public class VisualsTests
{
    [Fact]
    public void PredictionPreview_OneDetection_DrawsItsOutlineInTheClassColour()
    {
        using var dir = new TempDirectory("preview");
        var batch = TinyModels.Batch(0, 1);
        var path = dir.File("preview.png");

        PredictionPreview.SavePng(path, batch, 0, [new Detection(0.25f, 0.25f, 0.75f, 0.75f, 2, 0.9f)], drawTruth: false, minSide: 32);

        using var image = Image.Load<Rgb24>(path);
        Assert.Equal((32, 32), (image.Width, image.Height));
        var colour = PredictionPreview.ColourOf(2);
        Assert.Equal(colour, image[8, 8]);    // top-left corner of the box
        Assert.Equal(colour, image[16, 8]);   // top edge
        Assert.Equal(colour, image[23, 20]);  // right edge
        using var original = PredictionPreview.ToImage(batch, 0);
        Assert.Equal(original[16, 16], image[16, 16]); // inside untouched
    }

    [Fact]
    public void PredictionPreview_SmallInput_IsEnlargedToTheMinimumSide()
    {
        using var dir = new TempDirectory("preview");
        var path = dir.File("big.png");

        PredictionPreview.SavePng(path, TinyModels.Batch(0, 1), 0, [], minSide: 128);

        var info = Image.Identify(path);
        Assert.Equal((128, 128), (info.Width, info.Height));
    }

    [Fact]
    public void TrainingCurvePlot_LossAndMap_WritesAPngOfTheRequestedSize()
    {
        using var dir = new TempDirectory("plot");
        var path = dir.File("curve.png");
        var losses = Enumerable.Range(0, 50).Select(i => ((long)i, 4.0 / (1 + i))).ToArray();
        var maps = new[] { (10L, 0.2), (30L, 0.6), (49L, 0.8) };

        TrainingCurvePlot.SavePng(path, losses, maps, 640, 360);

        using var image = Image.Load<Rgb24>(path);
        Assert.Equal((640, 360), (image.Width, image.Height));
        var distinct = new HashSet<Rgb24>();
        for (var y = 0; y < image.Height; y += 4)
            for (var x = 0; x < image.Width; x += 4)
                distinct.Add(image[x, y]);
        Assert.True(distinct.Count > 5, "the plot is blank");
    }
}
