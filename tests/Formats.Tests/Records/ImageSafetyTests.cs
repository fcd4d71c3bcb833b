using System.Buffers.Binary;
using System.IO.Hashing;
using System.Diagnostics;
using Cluster.Formats.Images;
using Cluster.Formats.Manifests;
using Cluster.Formats.Tests.Images;
using Cluster.Tests.Shared;
using SixLabors.ImageSharp;
using static Cluster.Formats.Tests.Records.BuilderFixture;

namespace Cluster.Formats.Tests.Records;

/// <summary>Paths that leave the images root and decompression bombs.</summary>
public sealed class ImageSafetyTests
{
    [Fact]
    public void Build_DotDotPath_QuarantinesPathEscapesRoot()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("root"));
        File.WriteAllBytes(dir.File("secret.jpg"), TestImages.Jpeg(8, 8, new Rectangle(0, 0, 1, 1)));

        var result = RecordBuilders.For(dir.File("root"), new ImageOptions(), "cat").Build(Image("../secret.jpg", 8, 8, Box(1, 1, 5, 5)));

        var entry = Assert.Single(result.Quarantined);
        Assert.Equal(QuarantineReasons.PathEscapesRoot, entry.Reason);
        Assert.Contains("outside the images root", entry.Detail);
    }

    [Fact]
    public void Build_AbsolutePathOutsideRoot_QuarantinesPathEscapesRoot()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("root"));
        File.WriteAllBytes(dir.File("secret.jpg"), TestImages.Jpeg(8, 8, new Rectangle(0, 0, 1, 1)));

        var result = RecordBuilders.For(dir.File("root"), new ImageOptions(), "cat").Build(Image(dir.File("secret.jpg"), 8, 8, Box(1, 1, 5, 5)));

        Assert.Equal(QuarantineReasons.PathEscapesRoot, Assert.Single(result.Quarantined).Reason);
    }

    [Fact]
    public void Build_SymlinkLeavingRoot_QuarantinesPathEscapesRoot()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("root"));
        Directory.CreateDirectory(dir.File("outside"));
        File.WriteAllBytes(dir.File("outside/secret.jpg"), TestImages.Jpeg(8, 8, new Rectangle(0, 0, 1, 1)));
        Directory.CreateSymbolicLink(dir.File("root/linked"), dir.File("outside"));
        File.CreateSymbolicLink(dir.File("root/direct.jpg"), dir.File("outside/secret.jpg"));
        var builder = RecordBuilders.For(dir.File("root"), new ImageOptions(), "cat");

        var viaFolder = builder.Build(Image("linked/secret.jpg", 8, 8, Box(1, 1, 5, 5)));
        var viaFile = builder.Build(Image("direct.jpg", 8, 8, Box(1, 1, 5, 5)));

        Assert.Equal(QuarantineReasons.PathEscapesRoot, Assert.Single(viaFolder.Quarantined).Reason);
        Assert.Equal(QuarantineReasons.PathEscapesRoot, Assert.Single(viaFile.Quarantined).Reason);
        Assert.Contains("symbolic link", viaFile.Quarantined[0].Detail);
    }

    [Fact]
    public void Build_SymlinkInsideRoot_Accepted()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("root/real"));
        File.WriteAllBytes(dir.File("root/real/a.jpg"), TestImages.Jpeg(8, 8, new Rectangle(0, 0, 1, 1)));
        File.CreateSymbolicLink(dir.File("root/alias.jpg"), dir.File("root/real/a.jpg"));

        var result = RecordBuilders.For(dir.File("root"), new ImageOptions(), "cat").Build(Image("alias.jpg", 8, 8, Box(1, 1, 5, 5)));

        Assert.Equal(1, result.BoxesWritten);
    }

    [Fact]
    public void Build_PngHeaderDeclaring100000Squared_QuarantinesTooLargeWithoutDecoding()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("bomb.png"), PngHeaderOnly(100_000, 100_000));
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();

        var result = RecordBuilders.For(dir.Path, new ImageOptions(), "cat").Build(Image("bomb.png", 100_000, 100_000, Box(1, 1, 5, 5)));

        var entry = Assert.Single(result.Quarantined);
        Assert.Equal(QuarantineReasons.ImageTooLarge, entry.Reason);
        Assert.Contains("10,000,000,000 pixels", entry.Detail);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64L * 1024 * 1024, "the header alone must not cause a pixel buffer to be allocated");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void ImageProbe_CraftedPngHeader_ReadsDeclaredSize()
    {
        var probe = ImageProbe.Read(PngHeaderOnly(100_000, 100_000), "bomb.png");

        Assert.Equal(("PNG", 100_000, 100_000), (probe.Format, probe.StoredWidth, probe.StoredHeight));
    }

    /// <summary>PNG signature, an IHDR chunk (8-bit RGB) with a valid CRC-32, then IEND: a header and no pixels.</summary>
    private static byte[] PngHeaderOnly(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // colour type RGB
        WriteChunk(png, "IHDR", ihdr);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeAndData = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typeAndData));
        png.Write(crc);
    }
}
