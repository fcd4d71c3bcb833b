using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Cluster.Formats.Tests.Images;

/// <summary>Small images generated with ImageSharp for the tests: black, with a white rectangle at a known place in
/// the stored pixels, optionally carrying an EXIF orientation tag.</summary>
internal static class TestImages
{
    public static Image<Rgba32> Marked(int width, int height, Rectangle white, Rgba32? background = null)
    {
        var image = new Image<Rgba32>(width, height, background ?? new Rgba32(0, 0, 0, 255));
        for (var y = white.Top; y < white.Bottom; y++)
        {
            for (var x = white.Left; x < white.Right; x++)
            {
                image[x, y] = new Rgba32(255, 255, 255, 255);
            }
        }

        return image;
    }

    public static byte[] Encode(Image image, IImageEncoder encoder, int orientation = 0)
    {
        if (orientation > 0)
        {
            image.Metadata.ExifProfile = new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)orientation);
        }

        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    public static byte[] Jpeg(int width, int height, Rectangle white, int orientation = 0)
    {
        using var image = Marked(width, height, white);
        return Encode(image, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 100 }, orientation);
    }

    /// <summary>The bounding box of bright pixels (red &gt; 128) of an encoded image, as decoded without any orientation.</summary>
    public static Rectangle BrightRegion(byte[] encoded)
    {
        using var image = Image.Load<Rgb24>(encoded);
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (image[x, y].R > 128)
                {
                    (x0, y0, x1, y1) = (Math.Min(x0, x), Math.Min(y0, y), Math.Max(x1, x), Math.Max(y1, y));
                }
            }
        }

        return Rectangle.FromLTRB(x0, y0, x1 + 1, y1 + 1);
    }
}
