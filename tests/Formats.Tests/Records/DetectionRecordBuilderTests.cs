using Cluster.Formats.Examples;
using Cluster.Formats.Images;
using Cluster.Formats.Manifests;
using Cluster.Formats.Tests.Images;
using Cluster.Tests.Shared;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.PixelFormats;
using static Cluster.Formats.Tests.Records.BuilderFixture;

namespace Cluster.Formats.Tests.Records;

public sealed class DetectionRecordBuilderTests
{
    private static readonly Rectangle Mark = Rectangle.FromLTRB(8, 8, 24, 16);

    [Fact]
    public void Build_SameInputTwice_SameBytes()
    {
        using var dir = new TempDirectory();
        using (var png = TestImages.Marked(32, 24, Mark))
        {
            File.WriteAllBytes(dir.File("a.png"), TestImages.Encode(png, new SixLabors.ImageSharp.Formats.Png.PngEncoder()));
        }

        var image = Image("a.png", 32, 24, Box(8, 8, 24, 16));

        var first = RecordBuilders.For(dir.Path, new ImageOptions(), "cat").Build(image);
        var second = RecordBuilders.For(dir.Path, new ImageOptions(), "cat").Build(image);

        Assert.NotNull(first.ExampleBytes);
        Assert.Equal(first.ExampleBytes, second.ExampleBytes);
    }

    public static TheoryData<string, string> ReencodedFormats => new()
    {
        { "png", "PNG" }, { "bmp", "BMP" }, { "gif", "GIF" }, { "webp", "WEBP" }, { "tiff", "TIFF" },
    };

    [Theory]
    [MemberData(nameof(ReencodedFormats))]
    public void Build_NonJpegImage_ReencodedToJpegWithBoxesOnTheMark(string extension, string format)
    {
        using var dir = new TempDirectory();
        using (var source = TestImages.Marked(32, 24, Mark))
        {
            var encoder = Configuration.Default.ImageFormatsManager.FindEncoder(Configuration.Default.ImageFormatsManager.FindFormatByFileExtension(extension)!)!;
            File.WriteAllBytes(dir.File("a." + extension), TestImages.Encode(source, encoder));
        }

        Assert.Equal(format, ImageProbe.Read(File.ReadAllBytes(dir.File("a." + extension)), "a").Format.ToUpperInvariant());
        var result = RecordBuilders.For(dir.Path, new ImageOptions(), "cat").Build(Image("a." + extension, 32, 24, Box(8, 8, 24, 16)));

        Assert.False(result.PassedThrough);
        Assert.Equal("JPEG", ImageProbe.Read(result.Example!.Encoded.ToArray(), "out").Format);
        Assert.Equal(Mark, TestImages.BrightRegion(result.Example.Encoded.ToArray()));
        Assert.Equal("jpeg", result.Example.Format);
    }

    [Fact]
    public void Build_RgbaPng_FlattenedOntoBackground()
    {
        using var dir = new TempDirectory();
        using (var rgba = TestImages.Marked(16, 16, new Rectangle(0, 0, 1, 1), background: new Rgba32(0, 0, 0, 0)))
        {
            File.WriteAllBytes(dir.File("t.png"), TestImages.Encode(rgba, new SixLabors.ImageSharp.Formats.Png.PngEncoder()));
        }

        var result = RecordBuilders.For(dir.Path, new ImageOptions { Background = "#FF0000" }, "cat").Build(Image("t.png", 16, 16, Box(2, 2, 8, 8)));

        using var output = SixLabors.ImageSharp.Image.Load<Rgb24>(result.Example!.Encoded.ToArray());
        var pixel = output[10, 10];
        Assert.True(pixel.R > 240 && pixel.G < 15 && pixel.B < 15, $"transparent pixel became {pixel}");
    }

    [Fact]
    public void Build_PngNamedJpg_ReencodedNotPassedThrough()
    {
        using var dir = new TempDirectory();
        using (var png = TestImages.Marked(32, 24, Mark))
        {
            File.WriteAllBytes(dir.File("liar.jpg"), TestImages.Encode(png, new SixLabors.ImageSharp.Formats.Png.PngEncoder()));
        }

        var result = RecordBuilders.For(dir.Path, new ImageOptions(), "cat").Build(Image("liar.jpg", 32, 24, Box(8, 8, 24, 16)));

        Assert.False(result.PassedThrough);
        Assert.Equal("JPEG", ImageProbe.Read(result.Example!.Encoded.ToArray(), "out").Format);
    }

    [Fact]
    public void Build_MaxSide_ResizesKeepsNormalizedBoxesScalesArea()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("big.jpg"), TestImages.Jpeg(400, 200, Rectangle.FromLTRB(100, 40, 300, 120)));
        var image = Image("big.jpg", 400, 200, Box(100, 40, 300, 120));

        var result = RecordBuilders.For(dir.Path, new ImageOptions { MaxSide = 100 }, "cat").Build(image);

        var example = result.Example!;
        Assert.Equal((100, 50), (example.Width, example.Height));
        var box = Assert.Single(example.Objects);
        Assert.Equal((0.25f, 0.2f, 0.75f, 0.6f), (box.XMin, box.YMin, box.XMax, box.YMax));
        Assert.Equal(200f * 80f / 16f, box.Area);
        var bright = TestImages.BrightRegion(example.Encoded.ToArray());
        Assert.InRange(bright.Left, 24, 26);
        Assert.InRange(bright.Right, 74, 76);
    }

    [Fact]
    public void Build_BoxHalfPixelOutside_ClippedAndCountedFixed()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("a.jpg"), TestImages.Jpeg(40, 20, Mark));

        var result = RecordBuilders.For(dir.Path, new ImageOptions(), "cat").Build(Image("a.jpg", 40, 20, Box(-0.5, 0, 40.75, 20)));

        Assert.Equal((1, 1, 0), (result.BoxesWritten, result.BoxesFixed, result.BoxesQuarantined));
        var box = Assert.Single(result.Example!.Objects);
        Assert.Equal((0f, 1f), (box.XMin, box.XMax));
    }

    [Fact]
    public void Build_BoxTwoPixelsOutside_QuarantinesBoxOutsideImage()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("a.jpg"), TestImages.Jpeg(40, 20, Mark));

        var result = RecordBuilders.For(dir.Path, new ImageOptions(), "cat").Build(Image("a.jpg", 40, 20, Box(1, 1, 10, 10), Box(1, 1, 42, 10, line: 3)));

        Assert.Equal((1, 1), (result.BoxesWritten, result.BoxesQuarantined));
        var entry = Assert.Single(result.Quarantined);
        Assert.Equal((QuarantineReasons.BoxOutsideImage, 3L, "a.jpg", "cat"), (entry.Reason, entry.Line, entry.Image, entry.ClassName));
    }

    [Fact]
    public void Build_NegativeCoordinates_QuarantinesBoxOutsideImage()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("a.jpg"), TestImages.Jpeg(40, 20, Mark));

        var result = RecordBuilders.For(dir.Path, new ImageOptions(), "cat").Build(Image("a.jpg", 40, 20, Box(-5, -5, 10, 10)));

        Assert.Null(result.ExampleBytes);
        Assert.Equal(QuarantineReasons.BoxOutsideImage, Assert.Single(result.Quarantined).Reason);
    }

    [Fact]
    public void Build_InvertedBox_QuarantinesDegenerateBox()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("a.jpg"), TestImages.Jpeg(40, 20, Mark));

        var result = RecordBuilders.For(dir.Path, new ImageOptions(), "cat").Build(Image("a.jpg", 40, 20, Box(10, 10, 5, 12)));

        Assert.Equal(QuarantineReasons.DegenerateBox, Assert.Single(result.Quarantined).Reason);
    }

    [Fact]
    public void Build_ClassNotInLabelMap_QuarantinesUnknownClass()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("a.jpg"), TestImages.Jpeg(40, 20, Mark));

        var result = RecordBuilders.For(dir.Path, new ImageOptions(), "cat").Build(Image("a.jpg", 40, 20, Box(1, 1, 5, 5, "dog")));

        var entry = Assert.Single(result.Quarantined);
        Assert.Equal((QuarantineReasons.UnknownClass, "dog"), (entry.Reason, entry.ClassName));
    }

    [Fact]
    public void Build_StatedSizeWrong_QuarantinesEveryBoxAsSizeMismatch()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("a.jpg"), TestImages.Jpeg(40, 20, Mark));

        var result = RecordBuilders.For(dir.Path, new ImageOptions(), "cat").Build(Image("a.jpg", 41, 20, Box(1, 1, 5, 5), Box(2, 2, 6, 6, line: 3)));

        Assert.Equal([QuarantineReasons.SizeMismatch, QuarantineReasons.SizeMismatch], result.Quarantined.Select(q => q.Reason));
        Assert.Contains("41x20", result.Quarantined[0].Detail);
        Assert.Equal(2, result.BoxesQuarantined);
    }

    [Fact]
    public void Build_Utf8ClassName_WrittenAsUtf8()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("a.jpg"), TestImages.Jpeg(40, 20, Mark));

        var result = RecordBuilders.For(dir.Path, new ImageOptions(), "café 狸").Build(Image("a.jpg", 40, 20, Box(1, 1, 5, 5, "café 狸")));

        var parsed = DetectionExample.Parse(result.ExampleBytes);
        Assert.Equal(("café 狸", 1L), (parsed.Objects[0].ClassText, parsed.Objects[0].ClassLabel));
        var proto = Cluster.Formats.Examples.Proto.Example.Parser.ParseFrom(result.ExampleBytes);
        Assert.Equal("café 狸"u8.ToArray(), proto.Features.Feature[FeatureKeys.ClassText].BytesList.Value[0].ToByteArray());
    }

    [Fact]
    public void Build_MissingFile_QuarantinesMissingImage()
    {
        using var dir = new TempDirectory();

        var result = RecordBuilders.For(dir.Path, new ImageOptions(), "cat").Build(Image("nope.jpg", 40, 20, Box(1, 1, 5, 5)));

        Assert.Equal((QuarantineReasons.MissingImage, "nope.jpg"), (Assert.Single(result.Quarantined).Reason, result.Quarantined[0].Image));
    }

    [Fact]
    public void Build_ZeroByteImage_QuarantinesUndecodable()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("a.jpg"), []);

        var result = RecordBuilders.For(dir.Path, new ImageOptions(), "cat").Build(Image("a.jpg", 40, 20, Box(1, 1, 5, 5)));

        Assert.Equal(QuarantineReasons.UndecodableImage, Assert.Single(result.Quarantined).Reason);
    }

    [Fact]
    public void Build_TruncatedJpeg_QuarantinesUndecodableNotThrows()
    {
        using var dir = new TempDirectory();
        var bytes = TestImages.Jpeg(40, 20, Mark);
        File.WriteAllBytes(dir.File("a.jpg"), bytes[..(bytes.Length / 3)]);

        var result = RecordBuilders.For(dir.Path, new ImageOptions { MaxSide = 10 }, "cat").Build(Image("a.jpg", 40, 20, Box(1, 1, 5, 5)));

        // A truncated JPEG whose header survives may still decode (ImageSharp pads missing scans); either way no exception escapes.
        Assert.True(result.ExampleBytes is not null || result.Quarantined.Single().Reason == QuarantineReasons.UndecodableImage);
    }

    [Fact]
    public void Build_ImageWithoutBoxesRejected_GivesOneImageEntry()
    {
        using var dir = new TempDirectory();

        var result = RecordBuilders.For(dir.Path, new ImageOptions(), "cat").Build(Image("nope.jpg", null, null));

        var entry = Assert.Single(result.Quarantined);
        Assert.Equal((QuarantineReasons.MissingImage, (string?)null), (entry.Reason, entry.ClassName));
        Assert.Equal(0, result.BoxesQuarantined);
    }
}
