using nietras.SeparatedValues;

namespace Cluster.Formats.Manifests;

/// <summary>Turns one Sep row into a box or a quarantine entry (never throws for bad content).</summary>
internal static class CsvRowParser
{
    public static CsvRow Parse(SepReader.Row row, CsvColumns columns, string path)
    {
        var source = new SourceLocation(path, row.LineNumberFrom);
        if (row.ColCount <= columns.MaxIndex)
        {
            return Reject(source, null, null, QuarantineReasons.MalformedRow,
                $"expected at least {columns.MaxIndex + 1} columns, found {row.ColCount}");
        }

        var fileName = row[columns.FileName].ToString();
        var className = row[columns.Class].ToString();
        if (fileName.Length == 0)
        {
            return Reject(source, null, className, QuarantineReasons.MalformedRow, "empty file name");
        }

        if (!NumberText.TryPixels(row[columns.Width].Span, out var width) || !NumberText.TryPixels(row[columns.Height].Span, out var height))
        {
            return Reject(source, fileName, className, QuarantineReasons.MalformedRow,
                $"width/height '{row[columns.Width].ToString()}'/'{row[columns.Height].ToString()}' are not whole pixel counts");
        }

        Span<double> v = stackalloc double[4];
        int[] indexes = [columns.XMin, columns.YMin, columns.XMax, columns.YMax];
        for (var i = 0; i < 4; i++)
        {
            var text = row[indexes[i]].Span;
            if (!NumberText.TryDouble(text, out v[i]))
            {
                return Reject(source, fileName, className, QuarantineReasons.MalformedRow, $"coordinate '{text.ToString()}' is not a number");
            }

            if (!double.IsFinite(v[i]))
            {
                return Reject(source, fileName, className, QuarantineReasons.DegenerateBox, $"coordinate '{text.ToString()}' is not finite");
            }
        }

        if (className.Length == 0)
        {
            return Reject(source, fileName, null, QuarantineReasons.UnknownClass, "empty class name");
        }

        var box = new ManifestBox(v[0], v[1], v[2], v[3], className, null, false, false, null, false, null, source);
        return new CsvRow(fileName, width, height, box, null);
    }

    private static CsvRow Reject(SourceLocation source, string? image, string? className, string reason, string detail)
        => new(image, 0, 0, null, QuarantineEntry.For(source, image, className, reason, detail));
}
