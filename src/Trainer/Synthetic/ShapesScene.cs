using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cluster.Trainer.Synthetic;

/// <summary>A rendered image and the shapes on it. Owns the image.</summary>
public sealed record ShapesScene(string Name, Image<Rgb24> Image, IReadOnlyList<ShapeObject> Objects) : IDisposable
{
    public void Dispose() => Image.Dispose();
}
