using System.Globalization;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;

namespace Cluster.Trainer.Synthetic;

/// <summary>
/// Writes a seeded shapes dataset as JPEG files plus a CSV manifest in the TF Object Detection API layout
/// (<c>filename,width,height,class,xmin,ymin,xmax,ymax</c>, one row per box, pixel coordinates), which
/// <c>cluster convert</c> reads like any other CSV dataset. Files are written under temporary names and renamed.
/// </summary>
public static class ShapesDatasetWriter
{
    public const string ManifestName = "labels.csv";
    public const string ImagesFolder = "images";

    public static ShapesDataset Write(string directory, ShapesRenderer renderer, int seed, int count, int jpegQuality = 92)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var images = Path.Combine(directory, ImagesFolder);
        Directory.CreateDirectory(images);
        var encoder = new JpegEncoder { Quality = jpegQuality };
        var csv = new StringBuilder("filename,width,height,class,xmin,ymin,xmax,ymax\n");
        var objects = 0;
        for (var i = 0; i < count; i++)
        {
            using var scene = renderer.Render(seed, i);
            var fileName = scene.Name + ".jpg";
            var target = Path.Combine(images, fileName);
            var temp = target + ".tmp";
            scene.Image.Save(temp, encoder);
            File.Move(temp, target, overwrite: true);
            foreach (var o in scene.Objects)
            {
                csv.Append(CultureInfo.InvariantCulture,
                    $"{fileName},{renderer.Width},{renderer.Height},{o.ClassName},{o.XMin},{o.YMin},{o.XMax},{o.YMax}\n");
                objects++;
            }
        }

        var manifest = Path.Combine(directory, ManifestName);
        File.WriteAllText(manifest + ".tmp", csv.ToString());
        File.Move(manifest + ".tmp", manifest, overwrite: true);
        return new ShapesDataset(manifest, images, count, objects);
    }
}
