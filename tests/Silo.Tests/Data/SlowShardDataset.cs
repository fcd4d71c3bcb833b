using System.Globalization;
using System.IO.Hashing;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cluster.Silo.Tests.Data;

/// <summary>
/// A CSV dataset where the images that the plan places in shard 0 are large noise JPEGs (1024×768, slow to decode and
/// resize: ~40 of them take about a second of CPU) and all others are tiny, so shard 0 is still being written well after
/// the other shards are published: the window a kill test needs, wide enough for a loaded 2-core CI machine (320×240
/// images left only ~0.2 s, and a kill sometimes came after shard 0 was published too). The noise is encoded once and
/// the same bytes written for every large image. Placement mirrors the planner: XxHash64 of the image path with the
/// seed, mod the shard count.
/// </summary>
internal static class SlowShardDataset
{
    private const int SlowWidth = 1024;
    private const int SlowHeight = 768;

    /// <summary>Writes the dataset under <paramref name="root"/> (labels.csv, images/) and returns the CSV path.</summary>
    public static string Create(string root, int images, int shards, long seed)
    {
        Directory.CreateDirectory(Path.Combine(root, "images"));
        var csv = new StringBuilder("filename,width,height,class,xmin,ymin,xmax,ymax\n");
        var largeJpeg = NoiseJpeg(SlowWidth, SlowHeight);
        for (var i = 0; i < images; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"k-{i:D5}.jpg");
            var slow = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(name), seed) % (ulong)shards == 0;
            var (w, h) = slow ? (SlowWidth, SlowHeight) : (32, 24);
            if (slow)
            {
                File.WriteAllBytes(Path.Combine(root, "images", name), largeJpeg);
            }
            else
            {
                using var image = new Image<Rgb24>(w, h);
                image[i % w, i % h] = new Rgb24((byte)i, 200, 10);
                image.SaveAsJpeg(Path.Combine(root, "images", name));
            }

            csv.Append(CultureInfo.InvariantCulture, $"{name},{w},{h},thing,1,1,{w / 2},{h / 2}\n");
        }

        var manifest = Path.Combine(root, "labels.csv");
        File.WriteAllText(manifest, csv.ToString());
        return manifest;
    }

    private static byte[] NoiseJpeg(int width, int height)
    {
        var noise = new byte[width * height * 3];
        new Random(1234).NextBytes(noise);
        using var image = Image.LoadPixelData<Rgb24>(noise, width, height);
        using var jpeg = new MemoryStream();
        image.SaveAsJpeg(jpeg);
        return jpeg.ToArray();
    }
}
