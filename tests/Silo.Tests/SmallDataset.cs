using System.Globalization;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cluster.Silo.Tests;

/// <summary>A generated CSV dataset of small distinct JPEGs, one box each; returns the CSV path (images beside it).</summary>
internal static class SmallDataset
{
    public static string Create(string root, int images)
    {
        Directory.CreateDirectory(root);
        var csv = new StringBuilder("filename,width,height,class,xmin,ymin,xmax,ymax\n");
        for (var i = 0; i < images; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"s-{i:D4}.jpg");
            using (var image = new Image<Rgb24>(48, 32, new Rgb24((byte)i, (byte)(i * 3), 77)))
            {
                image.SaveAsJpeg(Path.Combine(root, name));
            }

            csv.Append(CultureInfo.InvariantCulture, $"{name},48,32,{(i % 2 == 0 ? "a" : "b")},2,2,30,20\n");
        }

        var path = Path.Combine(root, "labels.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }
}
