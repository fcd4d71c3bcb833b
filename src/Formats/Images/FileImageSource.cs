namespace Cluster.Formats.Images;

/// <summary>Images under a local folder, resolved by <see cref="ImagePathGuard"/> (no escape, not even by a link).</summary>
public sealed class FileImageSource(string imagesRoot) : IImageSource
{
    private readonly string _root = Path.GetFullPath(imagesRoot ?? throw new ArgumentNullException(nameof(imagesRoot)));

    public byte[] Read(string imagePath) => File.ReadAllBytes(ImagePathGuard.Resolve(_root, imagePath));
}
