using Cluster.Formats.Images;
using Cluster.Formats.Manifests;
using Cluster.Formats.Records;
using Cluster.Tests.Shared;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cluster.Formats.Tests.Images;

/// <summary>Boxes on EXIF-rotated images, in both frames, checked against where the marked pixels really end up.</summary>
public sealed class ExifOrientationTests
{
    private const int W = 48, H = 24;
    private static readonly Rectangle Mark = Rectangle.FromLTRB(8, 4, 24, 12);

    public static TheoryData<int> Orientations => new() { 1, 2, 3, 4, 5, 6, 7, 8 };

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Build_BoxInStoredFrame_FollowsThePixels(int orientation)
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("a.jpg"), TestImages.Jpeg(W, H, Mark, orientation));
        var frame = ExifOrientation.SwapsAxes(orientation) ? BoxFrame.Auto : BoxFrame.Stored;
        var image = Manifest(Mark.Left, Mark.Top, Mark.Right, Mark.Bottom, W, H);

        var result = RecordBuilders.For(dir.Path, new ImageOptions { BoxFrame = frame }, "mark").Build(image);

        Assert.Equal(BoxFrame.Stored, result.FrameUsed);
        AssertBoxCoversBrightRegion(result, orientation);
    }

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Build_BoxInDisplayedFrame_KeptAsIs(int orientation)
    {
        using var dir = new TempDirectory();
        var bytes = TestImages.Jpeg(W, H, Mark, orientation);
        File.WriteAllBytes(dir.File("a.jpg"), bytes);
        using var displayed = Image.Load<Rgb24>(bytes);
        displayed.Mutate(x => x.AutoOrient());
        using var stream = new MemoryStream();
        displayed.SaveAsPng(stream);
        var seen = TestImages.BrightRegion(stream.ToArray());
        var image = Manifest(seen.Left, seen.Top, seen.Right, seen.Bottom, displayed.Width, displayed.Height);

        var result = RecordBuilders.For(dir.Path, new ImageOptions(), "mark").Build(image);

        Assert.Equal(BoxFrame.Displayed, result.FrameUsed);
        var box = Assert.Single(result.Example!.Objects);
        Assert.Equal((float)((double)seen.Left / displayed.Width), box.XMin);
        Assert.Equal((float)((double)seen.Bottom / displayed.Height), box.YMax);
        AssertBoxCoversBrightRegion(result, orientation);
    }

    [Fact]
    public void Build_Landscape1_PassesThroughByteForByte()
    {
        var path = RepoPaths.Data("annotations", "exif", "Landscape_1.jpg");
        var image = Manifest(100, 200, 900, 1000, 1800, 1200, "Landscape_1.jpg");

        var result = RecordBuilders.For(Path.GetDirectoryName(path)!, new ImageOptions(), "mark").Build(image);

        Assert.True(result.PassedThrough);
        Assert.Equal(File.ReadAllBytes(path), result.Example!.Encoded.ToArray());
        Assert.Equal((1800, 1200), (result.Example.Width, result.Example.Height));
    }

    [Fact]
    public void Build_Landscape6DisplayedFrame_KeepsBoxAndRotatesPixels()
    {
        var root = RepoPaths.Data("annotations", "exif");
        var image = Manifest(100, 200, 900, 1000, 1800, 1200, "Landscape_6.jpg");

        var result = RecordBuilders.For(root, new ImageOptions(), "mark").Build(image);

        Assert.Equal((BoxFrame.Displayed, false), (result.FrameUsed, result.PassedThrough));
        Assert.Equal((1800, 1200), (result.Example!.Width, result.Example.Height));
        var box = Assert.Single(result.Example.Objects);
        Assert.Equal(((float)(100 / 1800d), (float)(200 / 1200d), (float)(900 / 1800d), (float)(1000 / 1200d)), (box.XMin, box.YMin, box.XMax, box.YMax));
        Assert.True(MeanDifference(result.Example.Encoded.ToArray(), File.ReadAllBytes(Path.Combine(root, "Landscape_1.jpg"))) < 8,
            "the re-encoded Landscape_6 should look like Landscape_1");
    }

    [Fact]
    public void Build_Landscape6StoredFrame_RotatesBoxWithPixels()
    {
        var root = RepoPaths.Data("annotations", "exif");
        var image = Manifest(100, 200, 900, 1000, 1200, 1800, "Landscape_6.jpg");

        var result = RecordBuilders.For(root, new ImageOptions(), "mark").Build(image);

        Assert.Equal(BoxFrame.Stored, result.FrameUsed);
        var box = Assert.Single(result.Example!.Objects);
        // Orientation 6 (rotate 90° clockwise): stored (x, y) → displayed (1800 - y, x).
        Assert.Equal(((float)(800 / 1800d), (float)(100 / 1200d), (float)(1600 / 1800d), (float)(900 / 1200d)), (box.XMin, box.YMin, box.XMax, box.YMax));
    }

    [Fact]
    public void Build_Landscape6StatedSizeMatchesNeitherFrame_QuarantinesSizeMismatch()
    {
        var image = Manifest(1, 1, 5, 5, 1000, 1000, "Landscape_6.jpg");

        var result = RecordBuilders.For(RepoPaths.Data("annotations", "exif"), new ImageOptions(), "mark").Build(image);

        Assert.Null(result.ExampleBytes);
        Assert.Equal(QuarantineReasons.SizeMismatch, Assert.Single(result.Quarantined).Reason);
        Assert.Contains("1200x1800 stored and 1800x1200 displayed", result.Quarantined[0].Detail);
    }

    private static void AssertBoxCoversBrightRegion(RecordBuildResult result, int orientation)
    {
        var example = result.Example!;
        var bright = TestImages.BrightRegion(example.Encoded.ToArray());
        var box = Assert.Single(example.Objects);
        var tolerance = 1.0;
        Assert.True(Math.Abs((box.XMin * example.Width) - bright.Left) <= tolerance, $"o={orientation} xmin {box.XMin * example.Width} vs {bright}");
        Assert.True(Math.Abs((box.XMax * example.Width) - bright.Right) <= tolerance, $"o={orientation} xmax {box.XMax * example.Width} vs {bright}");
        Assert.True(Math.Abs((box.YMin * example.Height) - bright.Top) <= tolerance, $"o={orientation} ymin {box.YMin * example.Height} vs {bright}");
        Assert.True(Math.Abs((box.YMax * example.Height) - bright.Bottom) <= tolerance, $"o={orientation} ymax {box.YMax * example.Height} vs {bright}");
        var (dw, dh) = ExifOrientation.Displayed(W, H, orientation);
        Assert.Equal((dw, dh), (example.Width, example.Height));
    }

    private static double MeanDifference(byte[] a, byte[] b)
    {
        using var x = Image.Load<Rgb24>(a);
        using var y = Image.Load<Rgb24>(b);
        Assert.Equal((x.Width, x.Height), (y.Width, y.Height));
        double sum = 0;
        for (var j = 0; j < x.Height; j += 7)
        {
            for (var i = 0; i < x.Width; i += 7)
            {
                sum += Math.Abs(x[i, j].R - y[i, j].R) + Math.Abs(x[i, j].G - y[i, j].G) + Math.Abs(x[i, j].B - y[i, j].B);
            }
        }

        return sum / (3.0 * Math.Ceiling(x.Height / 7.0) * Math.Ceiling(x.Width / 7.0));
    }

    private static ManifestImage Manifest(double x0, double y0, double x1, double y1, int w, int h, string path = "a.jpg")
    {
        var source = new SourceLocation("test.csv", 2);
        return new ManifestImage(path, w, h, [new ManifestBox(x0, y0, x1, y1, "mark", null, false, false, null, false, null, source)], source);
    }
}
