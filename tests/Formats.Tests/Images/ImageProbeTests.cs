using Cluster.Formats.Images;
using Cluster.Formats.Manifests;
using Cluster.Tests.Shared;
using SixLabors.ImageSharp;

namespace Cluster.Formats.Tests.Images;

public sealed class ImageProbeTests
{
    [Fact]
    public void Read_Landscape6_ReportsStoredSizeAndOrientation()
    {
        var probe = ImageProbe.Read(File.ReadAllBytes(RepoPaths.Data("annotations", "exif", "Landscape_6.jpg")), "Landscape_6.jpg");

        Assert.Equal(("JPEG", 1200, 1800, 6), (probe.Format, probe.StoredWidth, probe.StoredHeight, probe.Orientation));
        Assert.Equal((1800, 1200), probe.Displayed);
    }

    [Fact]
    public void Read_ZeroByteFile_RejectsUndecodable()
    {
        var e = Assert.Throws<ImageRejectedException>(() => ImageProbe.Read([], "empty.jpg"));

        Assert.Equal(QuarantineReasons.UndecodableImage, e.Reason);
        Assert.Contains("empty", e.Detail);
    }

    [Fact]
    public void Read_TextNamedJpg_RejectsUndecodable()
    {
        var e = Assert.Throws<ImageRejectedException>(() => ImageProbe.Read("hello, not an image"u8.ToArray(), "fake.jpg"));

        Assert.Equal(QuarantineReasons.UndecodableImage, e.Reason);
        Assert.Contains("fake.jpg", e.Message);
    }

    [Fact]
    public void Read_PngNamedJpg_DetectsPngByContent()
    {
        using var image = TestImages.Marked(8, 4, new Rectangle(0, 0, 2, 2));
        var probe = ImageProbe.Read(TestImages.Encode(image, new SixLabors.ImageSharp.Formats.Png.PngEncoder()), "photo.jpg");

        Assert.Equal(("PNG", 8, 4), (probe.Format, probe.StoredWidth, probe.StoredHeight));
    }
}
