using System.Buffers.Binary;
using Cluster.Formats.Images;
using Cluster.Formats.Manifests;
using Cluster.Formats.Records;
using Cluster.Formats.Tests.Images;
using Cluster.Tests.Shared;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using static Cluster.Formats.Tests.Records.BuilderFixture;
using static Cluster.Formats.Tests.Hostile.HostileRun;

namespace Cluster.Formats.Tests.Hostile;

/// <summary>Hostile image files beyond <see cref="Records.ImageSafetyTests"/> (PNG 100000×100000 header, symlinks) and the
/// zero-byte / truncated-JPEG builder tests: huge JPEG and BMP headers, truncated PNGs, misleading extensions.
/// Bound asserted for the header-only bombs: under 64 MiB allocated.</summary>
public sealed class HostileImageTests
{
    private static readonly Rectangle Mark = new(2, 2, 6, 4);

    private static async Task<RecordBuildResult> BuildAsync(TempDirectory dir, string name, byte[] bytes, int width = 40, int height = 20)
    {
        await File.WriteAllBytesAsync(dir.File(name), bytes);
        var builder = RecordBuilders.For(dir.Path, new ImageOptions(), "cat");
        var (result, _) = await MeasuredAsync(() => builder.Build(Image(name, width, height, Box(1, 1, 5, 5))));
        return result;
    }

    [Fact]
    public async Task Build_JpegHeaderDeclaring65500Squared_QuarantinedTooLargeWithoutDecoding()
    {
        using var dir = new TempDirectory();
        await File.WriteAllBytesAsync(dir.File("bomb.jpg"), JpegHeaderOnly(65_500, 65_500));
        var builder = RecordBuilders.For(dir.Path, new ImageOptions(), "cat");

        var (result, allocated) = await MeasuredAsync(() => builder.Build(Image("bomb.jpg", 65_500, 65_500, Box(1, 1, 5, 5))));

        var entry = Assert.Single(result.Quarantined);
        Assert.Equal((QuarantineReasons.ImageTooLarge, "bomb.jpg"), (entry.Reason, entry.Image));
        Assert.Contains("4,290,250,000 pixels", entry.Detail, StringComparison.Ordinal);
        Assert.True(allocated < 64 * MiB, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task Build_BmpHeaderDeclaring100000Squared_QuarantinedWithoutDecoding()
    {
        // Found while writing this suite: ImageSharp's BMP decoder refuses the size with an InvalidOperationException,
        // which escaped the builder; the probe now reports it as an undecodable image.
        using var dir = new TempDirectory();
        await File.WriteAllBytesAsync(dir.File("bomb.bmp"), BmpHeaderOnly(100_000, 100_000));
        var builder = RecordBuilders.For(dir.Path, new ImageOptions(), "cat");

        var (result, allocated) = await MeasuredAsync(() => builder.Build(Image("bomb.bmp", 100_000, 100_000, Box(1, 1, 5, 5))));

        var entry = Assert.Single(result.Quarantined);
        Assert.Equal((QuarantineReasons.UndecodableImage, "bomb.bmp"), (entry.Reason, entry.Image));
        Assert.Contains("100000x100000", entry.Detail, StringComparison.Ordinal);
        Assert.True(allocated < 64 * MiB, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task Build_PngCutInsideItsHeader_QuarantinedUndecodable()
    {
        using var dir = new TempDirectory();
        using var image = TestImages.Marked(40, 20, Mark);

        var result = await BuildAsync(dir, "a.png", TestImages.Encode(image, new PngEncoder())[..20]);

        var entry = Assert.Single(result.Quarantined);
        Assert.Equal((QuarantineReasons.UndecodableImage, "a.png"), (entry.Reason, entry.Image));
    }

    [Fact]
    public async Task Build_PngCutInsideItsPixelData_QuarantinedOrDecodedNeverThrown()
    {
        using var dir = new TempDirectory();
        using var image = TestImages.Marked(40, 20, Mark);
        var png = TestImages.Encode(image, new PngEncoder());

        var result = await BuildAsync(dir, "a.png", png[..(png.Length * 2 / 3)]);

        // Like the truncated-JPEG case: a decoder may pad missing rows; either outcome is accounted for, nothing escapes.
        Assert.True(result.ExampleBytes is not null || result.Quarantined.Single().Reason == QuarantineReasons.UndecodableImage);
    }

    [Fact]
    public async Task Build_PngNamedJpg_DetectedByContentAndReencodedAsJpeg()
    {
        using var dir = new TempDirectory();
        using var image = TestImages.Marked(40, 20, Mark);

        var png = TestImages.Encode(image, new PngEncoder());

        var result = await BuildAsync(dir, "a.jpg", png);

        Assert.Empty(result.Quarantined);
        Assert.False(result.PassedThrough);
        Assert.Equal("jpeg", result.Example!.Format);
        Assert.Equal("JPEG", SixLabors.ImageSharp.Image.DetectFormat(result.Example.Encoded.Span)!.Name);
        Assert.Equal(TestImages.BrightRegion(png), TestImages.BrightRegion(result.Example.Encoded.ToArray()));
    }

    [Fact]
    public async Task Build_JpegNamedPng_PassedThroughAsJpeg()
    {
        using var dir = new TempDirectory();
        var jpeg = TestImages.Jpeg(40, 20, Mark);

        var result = await BuildAsync(dir, "a.png", jpeg);

        Assert.True(result.PassedThrough);
        Assert.Equal(jpeg, result.Example!.Encoded.ToArray());
    }

    [Fact]
    public async Task Build_TextFileNamedJpg_QuarantinedUndecodable()
    {
        using var dir = new TempDirectory();

        var result = await BuildAsync(dir, "a.jpg", "<html><body>not an image</body></html>"u8.ToArray());

        var entry = Assert.Single(result.Quarantined);
        Assert.Equal((QuarantineReasons.UndecodableImage, "a.jpg"), (entry.Reason, entry.Image));
    }

    /// <summary>SOI, a baseline SOF0 segment declaring the size with three components, then EOI: a header and no pixels.</summary>
    private static byte[] JpegHeaderOnly(int width, int height)
    {
        byte[] sof = [0xFF, 0xC0, 0x00, 0x11, 8, 0, 0, 0, 0, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0];
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(7), (ushort)width);
        return [0xFF, 0xD8, .. sof, 0xFF, 0xD9];
    }

    /// <summary>A BITMAPFILEHEADER and BITMAPINFOHEADER (24-bit) declaring the size, followed by no pixels.</summary>
    private static byte[] BmpHeaderOnly(int width, int height)
    {
        var bmp = new byte[54];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        return bmp;
    }
}
