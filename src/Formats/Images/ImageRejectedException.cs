using Cluster.Formats.Manifests;

namespace Cluster.Formats.Images;

/// <summary>An image that cannot go into a record; <see cref="Reason"/> is one of <see cref="QuarantineReasons"/>.</summary>
public sealed class ImageRejectedException : IOException
{
    private ImageRejectedException(string image, string reason, string detail, Exception? inner = null)
        : base($"{image}: {reason}: {detail}", inner)
    {
        Image = image;
        Reason = reason;
        Detail = detail;
    }

    public string Image { get; }

    public string Reason { get; }

    public string Detail { get; }

    public static ImageRejectedException Undecodable(string image, string detail, Exception? inner = null)
        => new(image, QuarantineReasons.UndecodableImage, detail, inner);

    public static ImageRejectedException TooLarge(string image, long pixels, long limit)
        => new(image, QuarantineReasons.ImageTooLarge, $"header declares {pixels:N0} pixels, over the limit of {limit:N0}; not decoded");

    public static ImageRejectedException Missing(string image, string fullPath)
        => new(image, QuarantineReasons.MissingImage, $"no file at {fullPath}");

    public static ImageRejectedException Escapes(string image, string detail)
        => new(image, QuarantineReasons.PathEscapesRoot, detail);
}
