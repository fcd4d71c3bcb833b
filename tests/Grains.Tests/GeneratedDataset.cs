using System.Globalization;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cluster.Grains.Tests;

/// <summary>
/// A generated CSV detection dataset: <c>images/img-NNNNN.jpg</c> (small distinct JPEGs) and <c>labels.csv</c> with one
/// box per image, two on every seventh; plus rows naming images that do not exist (quarantined as missing-image).
/// </summary>
internal sealed class GeneratedDataset
{
    private GeneratedDataset(string root, int rows, IReadOnlySet<string> missing)
    {
        Root = root;
        Rows = rows;
        MissingImages = missing;
    }

    public string Root { get; }

    public string Manifest => Path.Combine(Root, "labels.csv");

    public string Images => Path.Combine(Root, "images");

    /// <summary>Box rows in the CSV (header excluded).</summary>
    public int Rows { get; }

    public IReadOnlySet<string> MissingImages { get; }

    public static GeneratedDataset Create(string root, int images, int missing, int width = 64, int height = 48)
    {
        Directory.CreateDirectory(Path.Combine(root, "images"));
        var csv = new StringBuilder("filename,width,height,class,xmin,ymin,xmax,ymax\n");
        var rows = 0;
        for (var i = 0; i < images; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"img-{i:D5}.jpg");
            using (var image = new Image<Rgb24>(width, height, new Rgb24((byte)(i * 7), (byte)(i * 13), (byte)(i / 256 * 31))))
            {
                image[i % width, i % height] = new Rgb24(255, 255, 255);
                image.SaveAsJpeg(Path.Combine(root, "images", name));
            }

            csv.Append(CultureInfo.InvariantCulture, $"{name},{width},{height},{(i % 3 == 0 ? "cat" : "dog")},1,2,{width / 2},{height / 2}\n");
            rows++;
            if (i % 7 == 0)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{name},{width},{height},bird,{width / 2},{height / 2},{width - 1},{height - 1}\n");
                rows++;
            }
        }

        var missingNames = new HashSet<string>(StringComparer.Ordinal);
        for (var m = 0; m < missing; m++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"missing-{m:D3}.jpg");
            missingNames.Add(name);
            csv.Append(CultureInfo.InvariantCulture, $"{name},{width},{height},cat,1,1,5,5\n");
            rows++;
        }

        File.WriteAllText(Path.Combine(root, "labels.csv"), csv.ToString());
        return new GeneratedDataset(root, rows, missingNames);
    }
}
