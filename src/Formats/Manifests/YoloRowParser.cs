namespace Cluster.Formats.Manifests;

/// <summary>Parses one YOLO label row: "class cx cy w h" (normalized), or a segmentation row "class x1 y1 x2 y2 ..."
/// whose polygon's bounding box is used.</summary>
internal static class YoloRowParser
{
    public static (ManifestBox? Box, QuarantineEntry? Rejected) Parse(string text, SourceLocation source, string image, IReadOnlyList<string> names)
    {
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        (ManifestBox?, QuarantineEntry?) Reject(string? className, string reason, string detail)
            => (null, QuarantineEntry.For(source, image, className, reason, detail));

        if (tokens.Length < 5 || (tokens.Length > 5 && tokens.Length % 2 == 0))
        {
            return Reject(null, QuarantineReasons.MalformedRow, $"expected 'class cx cy w h' (or a polygon), found {tokens.Length} fields");
        }

        if (!int.TryParse(tokens[0], out var classId))
        {
            return Reject(null, QuarantineReasons.MalformedRow, $"class id '{tokens[0]}' is not an integer");
        }

        var className = classId >= 0 && classId < names.Count ? names[classId] : null;
        var v = new double[tokens.Length - 1];
        for (var i = 0; i < v.Length; i++)
        {
            if (!NumberText.TryDouble(tokens[i + 1], out v[i]))
            {
                return Reject(className, QuarantineReasons.MalformedRow, $"'{tokens[i + 1]}' is not a number");
            }

            if (!double.IsFinite(v[i]))
            {
                return Reject(className, QuarantineReasons.DegenerateBox, $"'{tokens[i + 1]}' is not finite");
            }
        }

        if (className is null)
        {
            return Reject(null, QuarantineReasons.UnknownClass, $"class id {classId} is outside 0..{names.Count - 1}");
        }

        double x0, y0, x1, y1;
        if (v.Length == 4)
        {
            (x0, x1) = (v[0] - (v[2] / 2), v[0] + (v[2] / 2));
            (y0, y1) = (v[1] - (v[3] / 2), v[1] + (v[3] / 2));
        }
        else
        {
            var xs = v.Where((_, i) => i % 2 == 0).ToArray();
            var ys = v.Where((_, i) => i % 2 == 1).ToArray();
            (x0, x1, y0, y1) = (xs.Min(), xs.Max(), ys.Min(), ys.Max());
        }

        return (new ManifestBox(x0, y0, x1, y1, className, classId, false, false, null, false, null, source) { Normalized = true }, null);
    }
}
