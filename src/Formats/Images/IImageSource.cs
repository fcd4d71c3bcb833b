namespace Cluster.Formats.Images;

/// <summary>
/// Where a manifest's image paths are read from: a folder (<see cref="FileImageSource"/>) or, in the grains, a Blob
/// container. A path that leaves the source's root is rejected, never read.
/// </summary>
public interface IImageSource
{
    /// <summary>The bytes of <paramref name="imagePath"/> (as the manifest spells it). Throws
    /// <see cref="ImageRejectedException"/> (path-escapes-root, missing-image) or <see cref="IOException"/>.</summary>
    byte[] Read(string imagePath);
}
