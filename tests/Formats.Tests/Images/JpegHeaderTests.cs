using Cluster.Formats.Images;
using Cluster.Tests.Shared;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;

namespace Cluster.Formats.Tests.Images;

/// <summary>The allocation-free JPEG header read must agree with ImageSharp's Identify whenever it answers at all.</summary>
public sealed class JpegHeaderTests
{
    public static TheoryData<string> SharedJpegs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Data("annotations"), "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Data("annotations"), file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SharedJpegs))]
    public void TryRead_RealJpeg_AgreesWithImageSharpWhenItAnswers(string relative)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.Data("annotations"), relative));

        var fast = JpegHeader.TryRead(bytes);

        if (fast is not null)
        {
            Assert.Equal(ImageProbe.ReadWithImageSharp(bytes, relative), fast);
        }
    }

    [Theory]
    [InlineData(JpegColorType.YCbCrRatio420)]
    [InlineData(JpegColorType.YCbCrRatio444)]
    [InlineData(JpegColorType.Luminance)]
    public void TryRead_ImageSharpEncodedJpeg_ReadsSizeWithoutImageSharp(JpegColorType color)
    {
        using var image = TestImages.Marked(37, 21, new Rectangle(2, 2, 5, 5));
        var bytes = TestImages.Encode(image, new JpegEncoder { Quality = 90, ColorType = color });

        var fast = JpegHeader.TryRead(bytes);

        Assert.NotNull(fast);
        Assert.Equal(new ImageProbe("JPEG", 37, 21, 1, false), fast);
        Assert.Equal(ImageProbe.ReadWithImageSharp(bytes, "a.jpg"), fast);
    }

    [Fact]
    public void TryRead_ExifOrientation_LeavesItToImageSharp()
    {
        var bytes = TestImages.Jpeg(16, 8, new Rectangle(1, 1, 2, 2), orientation: 6);

        Assert.Null(JpegHeader.TryRead(bytes));
        Assert.Equal(6, ImageProbe.Read(bytes, "a.jpg").Orientation);
    }

    [Fact]
    public void TryRead_DamagedHeaders_NeverAcceptsWhatImageSharpRejectsOrReadsDifferently()
    {
        // 20,000 copies of a small JPEG, each with one to three header bytes changed or the file cut short: whenever the
        // fast read answers, Identify must succeed with the same probe.
        using var image = TestImages.Marked(24, 16, new Rectangle(2, 2, 5, 5));
        var original = TestImages.Encode(image, new JpegEncoder { Quality = 75 });
        var headerEnd = HeaderEnd(original);
        var random = new Random(4);
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var k = random.Next(1, 4); k > 0; k--)
            {
                bytes[random.Next(0, headerEnd)] = (byte)random.Next(256);
            }

            if (i % 10 == 0)
            {
                bytes = bytes[..random.Next(1, bytes.Length)];
            }

            if (JpegHeader.TryRead(bytes) is not { } fast)
            {
                continue;
            }

            accepted++;
            ImageProbe slow;
            try
            {
                slow = ImageProbe.ReadWithImageSharp(bytes, "m.jpg");
            }
            catch (ImageRejectedException e)
            {
                Assert.Fail($"mutant {i}: the fast read gave {fast} but ImageSharp rejects it: {e.Message}");
                return;
            }

            Assert.True(slow == fast, $"mutant {i}: fast {fast}, ImageSharp {slow}");
        }

        Assert.True(accepted > 1000, $"only {accepted} mutants were read by the fast path: the test checks too little");
    }

    /// <summary>The offset just past the first SOS segment.</summary>
    private static int HeaderEnd(byte[] jpeg)
    {
        var pos = 2;
        while (jpeg[pos + 1] != 0xDA)
        {
            pos += 2 + ((jpeg[pos + 2] << 8) | jpeg[pos + 3]);
        }

        return pos + 2 + ((jpeg[pos + 2] << 8) | jpeg[pos + 3]);
    }
}
