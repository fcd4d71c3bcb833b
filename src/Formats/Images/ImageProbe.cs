using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;

namespace Cluster.Formats.Images;

/// <summary>What the header of an image says, read with <see cref="Image.Identify(byte[], out SixLabors.ImageSharp.Formats.IImageFormat)"/>
/// (no pixels decoded): the real format (by content, not extension), stored size, EXIF orientation, CMYK.</summary>
public sealed record ImageProbe(string Format, int StoredWidth, int StoredHeight, int Orientation, bool IsCmyk)
{
    public bool IsJpeg => Format == "JPEG";

    public long Pixels => (long)StoredWidth * StoredHeight;

    public (int Width, int Height) Displayed => ExifOrientation.Displayed(StoredWidth, StoredHeight, Orientation);

    /// <summary>Reads the header; <see cref="ImageRejectedException"/> (undecodable-image) when it is not an image.</summary>
    public static ImageProbe Read(byte[] bytes, string name)
    {
        if (bytes.Length == 0)
        {
            throw ImageRejectedException.Undecodable(name, "the file is empty (0 bytes)");
        }

        IImageInfo? info;
        SixLabors.ImageSharp.Formats.IImageFormat? format;
        try
        {
            info = Image.Identify(bytes, out format);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException or IndexOutOfRangeException or ArgumentException
            or InvalidOperationException or OverflowException)
        {
            throw ImageRejectedException.Undecodable(name, $"header cannot be read: {e.Message}");
        }

        if (info is null || format is null || info.Width <= 0 || info.Height <= 0)
        {
            throw ImageRejectedException.Undecodable(name, "not an image format ImageSharp 2.1 knows (JPEG, PNG, BMP, GIF, WebP, TIFF, TGA, PBM)");
        }

        var orientation = 1;
        if (info.Metadata.ExifProfile?.GetValue(ExifTag.Orientation) is { } tag && tag.Value is >= 1 and <= 8)
        {
            orientation = tag.Value;
        }

        var cmyk = format.Name == "JPEG" && info.Metadata.GetJpegMetadata().ColorType == JpegColorType.Cmyk;
        return new ImageProbe(format.Name, info.Width, info.Height, orientation, cmyk);
    }
}
