using Cluster.Formats.Pipeline;
using Cluster.Trainer.Decoding;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cluster.Trainer.Visuals;

/// <summary>
/// Draws one image of a <see cref="DecodedBatch"/> with its predicted boxes (2-pixel outlines, one colour per class;
/// ground truth optionally as 1-pixel white outlines) and saves it as PNG. Rectangles are drawn by setting pixels:
/// SixLabors.ImageSharp.Drawing has no release compatible with ImageSharp 2.1 that NuGet serves here.
/// </summary>
public static class PredictionPreview
{
    private static readonly Rgb24[] Palette =
    [
        new(230, 25, 75), new(60, 180, 75), new(0, 130, 200), new(245, 130, 48), new(145, 30, 180),
        new(70, 240, 240), new(240, 50, 230), new(210, 245, 60), new(250, 190, 212), new(0, 128, 128),
    ];

    public static Rgb24 ColourOf(int label) => Palette[(Math.Max(label, 1) - 1) % Palette.Length];

    /// <summary>
    /// Saves image <paramref name="index"/> with its boxes; small inputs are enlarged by a whole factor (nearest
    /// neighbour) until the longer side reaches <paramref name="minSide"/>, so 64-pixel training images stay readable.
    /// </summary>
    public static void SavePng(string path, DecodedBatch batch, int index, IReadOnlyList<Detection> detections, float minScore = 0.3f, bool drawTruth = true, int minSide = 256)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(detections);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, batch.Count);
        using var image = ToImage(batch, index);
        var scale = Math.Max(1, minSide / Math.Max(batch.Width, batch.Height));
        if (scale > 1)
            image.Mutate(x => x.Resize(batch.Width * scale, batch.Height * scale, KnownResamplers.NearestNeighbor));
        if (drawTruth)
        {
            var truth = batch.Targets[index];
            for (var k = 0; k < truth.Count; k++)
                DrawBox(image, truth.Boxes[4 * k], truth.Boxes[4 * k + 1], truth.Boxes[4 * k + 2], truth.Boxes[4 * k + 3], new Rgb24(255, 255, 255), 1);
        }

        foreach (var d in detections.Where(d => d.Score >= minScore))
            DrawBox(image, d.XMin, d.YMin, d.XMax, d.YMax, ColourOf(d.Label), 2);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        image.SaveAsPng(temp);
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Converts image <paramref name="index"/> (NCHW floats in [0, 1]) back to RGB bytes.</summary>
    public static Image<Rgb24> ToImage(DecodedBatch batch, int index)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int h = batch.Height, w = batch.Width, plane = h * w, offset = index * batch.ImageLength;
        var pixels = batch.Pixels;
        var image = new Image<Rgb24>(w, h);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < h; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < w; x++)
                {
                    var at = offset + y * w + x;
                    row[x] = new Rgb24(ToByte(pixels[at]), ToByte(pixels[at + plane]), ToByte(pixels[at + 2 * plane]));
                }
            }
        });
        return image;
    }

    private static byte ToByte(float value) => (byte)Math.Clamp(MathF.Round(value * 255f), 0, 255);

    private static void DrawBox(Image<Rgb24> image, float xmin, float ymin, float xmax, float ymax, Rgb24 colour, int thickness)
    {
        int w = image.Width, h = image.Height;
        var x0 = Math.Clamp((int)MathF.Round(xmin * w), 0, w - 1);
        var x1 = Math.Clamp((int)MathF.Round(xmax * w) - 1, 0, w - 1);
        var y0 = Math.Clamp((int)MathF.Round(ymin * h), 0, h - 1);
        var y1 = Math.Clamp((int)MathF.Round(ymax * h) - 1, 0, h - 1);
        for (var t = 0; t < thickness; t++)
        {
            for (var x = x0; x <= x1; x++)
            {
                image[x, Math.Min(y0 + t, h - 1)] = colour;
                image[x, Math.Max(y1 - t, 0)] = colour;
            }

            for (var y = y0; y <= y1; y++)
            {
                image[Math.Min(x0 + t, w - 1), y] = colour;
                image[Math.Max(x1 - t, 0), y] = colour;
            }
        }
    }
}
