using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cluster.Trainer.Synthetic;

/// <summary>
/// Renders seeded "shapes" scenes: a noisy background of one random colour and 1..<see cref="MaxObjects"/> filled
/// rectangles, circles and triangles in random colours that contrast with it, each 15–45% of the image side, placed so
/// that no two boxes overlap by more than 0.2 IoU. The same seed always gives the same pixels.
/// </summary>
public sealed class ShapesRenderer
{
    private const int Noise = 24;
    private const int PlacementAttempts = 50;

    public ShapesRenderer(int width, int height, int maxObjects = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 32);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 32);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxObjects, 1);
        Width = width;
        Height = height;
        MaxObjects = maxObjects;
    }

    public int Width { get; }

    public int Height { get; }

    public int MaxObjects { get; }

    /// <summary>Renders scene number <paramref name="index"/> of the dataset with seed <paramref name="seed"/>.</summary>
    public ShapesScene Render(int seed, int index)
    {
        var random = new Random(SceneSeed(seed, index));
        var background = RandomColour(random);
        var image = new Image<Rgb24>(Width, Height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                    row[x] = Jitter(background, random);
            }
        });

        var objects = new List<ShapeObject>();
        var wanted = random.Next(1, MaxObjects + 1);
        var side = Math.Min(Width, Height);
        for (var attempt = 0; attempt < PlacementAttempts * wanted && objects.Count < wanted; attempt++)
        {
            var kind = (ShapeKind)random.Next(1, 4);
            var w = (int)(side * (0.15 + 0.30 * random.NextDouble()));
            var h = kind == ShapeKind.Circle ? w : (int)(w * (0.7 + 0.6 * random.NextDouble()));
            h = Math.Min(h, Height - 2);
            var x0 = random.Next(0, Width - w + 1);
            var y0 = random.Next(0, Height - h + 1);
            var candidate = new ShapeObject(kind, x0, y0, x0 + w, y0 + h);
            if (objects.Any(o => Iou(o, candidate) > 0.2))
                continue;
            Fill(image, candidate, Contrasting(background, random), random);
            objects.Add(candidate);
        }

        return new ShapesScene($"shapes_{seed}_{index:D6}", image, objects);
    }

    /// <summary>
    /// The seed of scene <paramref name="index"/>: a SplitMix64 mix of both numbers, identical in every process
    /// (unlike <see cref="HashCode"/>, which is randomized per process).
    /// </summary>
    public static int SceneSeed(int seed, int index)
    {
        var z = ((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }

    private static void Fill(Image<Rgb24> image, ShapeObject shape, Rgb24 colour, Random random)
    {
        double cx = (shape.XMin + shape.XMax) / 2.0, cy = (shape.YMin + shape.YMax) / 2.0;
        double rx = (shape.XMax - shape.XMin) / 2.0, ry = (shape.YMax - shape.YMin) / 2.0;
        for (var y = shape.YMin; y < shape.YMax; y++)
        {
            for (var x = shape.XMin; x < shape.XMax; x++)
            {
                double px = x + 0.5, py = y + 0.5;
                var inside = shape.Kind switch
                {
                    ShapeKind.Rectangle => true,
                    ShapeKind.Circle => Math.Pow((px - cx) / rx, 2) + Math.Pow((py - cy) / ry, 2) <= 1,
                    ShapeKind.Triangle => Math.Abs(px - cx) <= rx * (py - shape.YMin) / (shape.YMax - shape.YMin),
                    _ => false,
                };
                if (inside)
                    image[x, y] = Jitter(colour, random);
            }
        }
    }

    private static Rgb24 RandomColour(Random random) =>
        new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));

    private static Rgb24 Contrasting(Rgb24 background, Random random)
    {
        while (true)
        {
            var colour = RandomColour(random);
            var distance = Math.Abs(colour.R - background.R) + Math.Abs(colour.G - background.G) + Math.Abs(colour.B - background.B);
            if (distance >= 180)
                return colour;
        }
    }

    private static Rgb24 Jitter(Rgb24 colour, Random random) => new(
        (byte)Math.Clamp(colour.R + random.Next(-Noise, Noise + 1), 0, 255),
        (byte)Math.Clamp(colour.G + random.Next(-Noise, Noise + 1), 0, 255),
        (byte)Math.Clamp(colour.B + random.Next(-Noise, Noise + 1), 0, 255));

    private static double Iou(ShapeObject a, ShapeObject b)
    {
        var iw = Math.Max(0, Math.Min(a.XMax, b.XMax) - Math.Max(a.XMin, b.XMin));
        var ih = Math.Max(0, Math.Min(a.YMax, b.YMax) - Math.Max(a.YMin, b.YMin));
        double inter = iw * ih;
        double union = (a.XMax - a.XMin) * (a.YMax - a.YMin) + (b.XMax - b.XMin) * (b.YMax - b.YMin) - inter;
        return union > 0 ? inter / union : 0;
    }
}
