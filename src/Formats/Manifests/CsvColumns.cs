using nietras.SeparatedValues;

namespace Cluster.Formats.Manifests;

/// <summary>Column indexes of a TF OD API / Roboflow CSV, found by header name (case-insensitive, common aliases).</summary>
internal sealed record CsvColumns(int FileName, int Width, int Height, int Class, int XMin, int YMin, int XMax, int YMax)
{
    public static CsvColumns From(SepReaderHeader header, string file)
    {
        var names = header.ColNames.Select((n, i) => (Name: n.Trim().ToLowerInvariant(), Index: i)).ToList();
        int Find(params string[] aliases)
        {
            foreach (var alias in aliases)
            {
                foreach (var (name, index) in names)
                {
                    if (name == alias)
                    {
                        return index;
                    }
                }
            }

            throw ManifestException.MissingColumn(file, aliases[0]);
        }

        return new CsvColumns(
            Find("filename", "file_name", "file", "image", "image_path", "path"),
            Find("width", "image_width"),
            Find("height", "image_height"),
            Find("class", "label", "class_name", "category"),
            Find("xmin", "x_min", "x1"),
            Find("ymin", "y_min", "y1"),
            Find("xmax", "x_max", "x2"),
            Find("ymax", "y_max", "y2"));
    }

    public int MaxIndex => new[] { FileName, Width, Height, Class, XMin, YMin, XMax, YMax }.Max();
}
