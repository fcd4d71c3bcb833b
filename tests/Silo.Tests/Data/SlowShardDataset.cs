using System.Globalization;
using System.IO.Hashing;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cluster.Silo.Tests.Data;

/// <summary>
/// A CSV dataset where the images that the plan places in shard 0 are large noise JPEGs (slow to resize) and all others
/// are tiny, so shard 0 is still being written well after the other shards are published: the window a kill test needs.
/// Placement mirrors the planner: XxHash64 of the image path with the seed, mod the shard count.
/// </summary>
internal static class SlowShardDataset
{
    /// <summary>Writes the dataset under <paramref name="root"/> (labels.csv, images/) and returns the CSV path.</summary>
    public static string Create(string root, int images, int shards, long seed)
    {
        Directory.CreateDirectory(Path.Combine(root, "images"));
        var csv = new StringBuilder("filename,width,height,class,xmin,ymin,xmax,ymax\n");
        var random = new Random(1234);
        for (var i = 0; i < images; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"k-{i:D5}.jpg");
            var slow = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(name), seed) % (ulong)shards == 0;
            var (w, h) = slow ? (320, 240) : (32, 24);
            using (var image = new Image<Rgb24>(w, h))
            {
                if (slow)
                {
                    var noise = new byte[w * h * 3];
                    random.NextBytes(noise);
                    image.Dispose();
                    using var noisy = Image.LoadPixelData<Rgb24>(noise, w, h);
                    noisy.SaveAsJpeg(Path.Combine(root, "images", name));
                }
                else
                {
                    image[i % w, i % h] = new Rgb24((byte)i, 200, 10);
                    image.SaveAsJpeg(Path.Combine(root, "images", name));
                }
            }

            csv.Append(CultureInfo.InvariantCulture, $"{name},{w},{h},thing,1,1,{w / 2},{h / 2}\n");
        }

        var manifest = Path.Combine(root, "labels.csv");
        File.WriteAllText(manifest, csv.ToString());
        return manifest;
    }
}
