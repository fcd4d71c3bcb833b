namespace Cluster.Formats.Images;

/// <summary>Images under a local folder, resolved by <see cref="ImagePathGuard"/> (no escape, not even by a link).</summary>
public sealed class FileImageSource(string imagesRoot) : IImageSource
{
    private readonly string _root = Path.GetFullPath(imagesRoot ?? throw new ArgumentNullException(nameof(imagesRoot)));

    private string? _realRoot;

    /// <summary>Resolves the root's own links once (a shard reads thousands of images under it), then only the parts below it per image.</summary>
    public byte[] Read(string imagePath)
    {
        _realRoot ??= ImagePathGuard.RealRoot(_root);
        return File.ReadAllBytes(ImagePathGuard.ResolveUnderRealRoot(_realRoot, imagePath));
    }
}
