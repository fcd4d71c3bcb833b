using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cluster.Formats.Images;

/// <summary>Turns any image ImageSharp 2.1.13 reads into an RGB JPEG in display orientation. A plain JPEG (RGB or
/// grayscale, baseline or progressive, EXIF orientation absent or 1, not CMYK, within --max-side) goes through byte for
/// byte. Everything else is decoded (first frame only), EXIF orientation applied to the pixels, transparency flattened
/// onto the background, optionally resized, and encoded at the stated quality.</summary>
public static class ImageNormalizer
{
    public static bool CanPassThrough(ImageProbe probe, ImageOptions options)
        => probe.IsJpeg && probe.Orientation == 1 && !probe.IsCmyk && TargetSize(probe.Displayed, options) == probe.Displayed;

    /// <summary>The size after the optional --max-side resize (aspect kept, each side at least 1).</summary>
    public static (int Width, int Height) TargetSize((int Width, int Height) displayed, ImageOptions options)
    {
        var longer = Math.Max(displayed.Width, displayed.Height);
        if (options.MaxSide is not { } max || longer <= max)
        {
            return displayed;
        }

        var scale = (double)max / longer;
        return (Math.Max(1, (int)Math.Round(displayed.Width * scale)), Math.Max(1, (int)Math.Round(displayed.Height * scale)));
    }

    /// <summary>Normalizes; the pixel limit is checked on the header before anything is decoded.</summary>
    public static NormalizedImage Normalize(byte[] bytes, ImageProbe probe, ImageOptions options, string name)
    {
        if (probe.Pixels > options.MaxPixels)
        {
            throw ImageRejectedException.TooLarge(name, probe.Pixels, options.MaxPixels);
        }

        if (CanPassThrough(probe, options))
        {
            return new NormalizedImage(bytes, probe.StoredWidth, probe.StoredHeight, PassedThrough: true);
        }

        var target = TargetSize(probe.Displayed, options);
        try
        {
            using var decoded = Image.Load<Rgba32>(bytes);
            using var image = decoded.Frames.Count > 1 ? decoded.Frames.CloneFrame(0) : decoded.Clone();
            image.Mutate(x => x.AutoOrient().BackgroundColor(Color.ParseHex(options.Background)));
            if ((image.Width, image.Height) != target)
            {
                image.Mutate(x => x.Resize(target.Width, target.Height));
            }

            using var rgb = image.CloneAs<Rgb24>();
            rgb.Metadata.ExifProfile = null;
            rgb.Metadata.IccProfile = null;
            using var output = new MemoryStream();
            rgb.SaveAsJpeg(output, new JpegEncoder { Quality = options.JpegQuality, ColorType = JpegColorType.YCbCrRatio420 });
            return new NormalizedImage(output.ToArray(), rgb.Width, rgb.Height, PassedThrough: false);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException or IndexOutOfRangeException or ArgumentException
            or InvalidOperationException or OverflowException)
        {
            throw ImageRejectedException.Undecodable(name, $"pixels cannot be decoded: {e.Message}", e);
        }
    }
}
