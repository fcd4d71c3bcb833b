using System.Globalization;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cluster.Silo.Tests.Chaos;

/// <summary>
/// A CSV dataset of noise JPEGs, all the same size, so every shard takes about as long and a job lasts long enough for a
/// kill or an outage to land mid-job. Returns the CSV path (images under <c>images/</c>) and the manifest's source ids.
/// </summary>
internal static class ChaosDataset
{
    public static (string Manifest, IReadOnlyList<string> SourceIds) Create(string root, int images, int width, int height)
    {
        Directory.CreateDirectory(Path.Combine(root, "images"));
        var csv = new StringBuilder("filename,width,height,class,xmin,ymin,xmax,ymax\n");
        var ids = new List<string>(images);
        var random = new Random(20261130);
        var noise = new byte[width * height * 3];
        for (var i = 0; i < images; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"c-{i:D5}.jpg");
            random.NextBytes(noise);
            using (var image = Image.LoadPixelData<Rgb24>(noise, width, height))
            {
                image.SaveAsJpeg(Path.Combine(root, "images", name));
            }

            csv.Append(CultureInfo.InvariantCulture, $"{name},{width},{height},{(i % 3 == 0 ? "cat" : "dog")},1,1,{width / 2},{height / 2}\n");
            ids.Add(name);
        }

        var manifest = Path.Combine(root, "labels.csv");
        File.WriteAllText(manifest, csv.ToString());
        return (manifest, ids);
    }
}
