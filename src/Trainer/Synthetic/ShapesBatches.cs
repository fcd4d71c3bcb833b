using Cluster.Formats.Pipeline;
using SixLabors.ImageSharp.PixelFormats;

namespace Cluster.Trainer.Synthetic;

/// <summary>
/// Turns rendered scenes straight into <see cref="DecodedBatch"/>es (RGB planes scaled to [0, 1], boxes normalized,
/// labels = <see cref="ShapeKind"/>), the same contract the reader pipeline produces from TFRecords.
/// </summary>
public static class ShapesBatches
{
    public static DecodedBatch FromScenes(IReadOnlyList<ShapesScene> scenes)
    {
        ArgumentNullException.ThrowIfNull(scenes);
        if (scenes.Count == 0)
            throw new ArgumentException("a batch needs at least one scene", nameof(scenes));
        int h = scenes[0].Image.Height, w = scenes[0].Image.Width, plane = h * w;
        var pixels = new float[scenes.Count * 3 * plane];
        var targets = new DecodedTarget[scenes.Count];
        for (var i = 0; i < scenes.Count; i++)
        {
            var scene = scenes[i];
            if (scene.Image.Width != w || scene.Image.Height != h)
                throw new ArgumentException($"scene '{scene.Name}' is {scene.Image.Width}×{scene.Image.Height}, the batch is {w}×{h}", nameof(scenes));
            var offset = i * 3 * plane;
            scene.Image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++)
                    {
                        pixels[offset + y * w + x] = row[x].R / 255f;
                        pixels[offset + plane + y * w + x] = row[x].G / 255f;
                        pixels[offset + 2 * plane + y * w + x] = row[x].B / 255f;
                    }
                }
            });
            var boxes = new float[4 * scene.Objects.Count];
            var labels = new int[scene.Objects.Count];
            for (var k = 0; k < scene.Objects.Count; k++)
            {
                var o = scene.Objects[k];
                boxes[4 * k] = (float)o.XMin / w;
                boxes[4 * k + 1] = (float)o.YMin / h;
                boxes[4 * k + 2] = (float)o.XMax / w;
                boxes[4 * k + 3] = (float)o.YMax / h;
                labels[k] = (int)o.Kind;
            }

            targets[i] = new DecodedTarget(boxes, labels);
        }

        return new DecodedBatch(scenes.Count, h, w, pixels, targets, scenes.Select(s => s.Name).ToArray());
    }

    /// <summary>Renders scenes [first, first + count) of a seeded dataset as one batch.</summary>
    public static DecodedBatch Render(ShapesRenderer renderer, int seed, int first, int count)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        var scenes = Enumerable.Range(first, count).Select(i => renderer.Render(seed, i)).ToArray();
        try
        {
            return FromScenes(scenes);
        }
        finally
        {
            foreach (var scene in scenes)
                scene.Dispose();
        }
    }
}
