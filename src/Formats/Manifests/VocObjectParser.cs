using System.Xml.Linq;

namespace Cluster.Formats.Manifests;

/// <summary>Parses one VOC &lt;object&gt;: name, pose (→ image/object/view), truncated, difficult (default 0) and a
/// bndbox whose coordinates may be floats.</summary>
internal static class VocObjectParser
{
    public static (ManifestBox? Box, QuarantineEntry? Rejected) Parse(XElement obj, string xmlPath, string imagePath)
    {
        var source = new SourceLocation(xmlPath, SafeXml.LineOf(obj));
        var name = obj.Element("name")?.Value.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return (null, QuarantineEntry.For(source, imagePath, null, QuarantineReasons.MalformedRow, "<object> has no <name>"));
        }

        var bndbox = obj.Element("bndbox");
        if (bndbox is null)
        {
            return (null, QuarantineEntry.For(source, imagePath, name, QuarantineReasons.MalformedRow, "<object> has no <bndbox>"));
        }

        var coords = new double[4];
        string[] tags = ["xmin", "ymin", "xmax", "ymax"];
        for (var i = 0; i < 4; i++)
        {
            var text = bndbox.Element(tags[i])?.Value;
            if (text is null || !NumberText.TryDouble(text, out coords[i]))
            {
                return (null, QuarantineEntry.For(source, imagePath, name, QuarantineReasons.MalformedRow, $"<{tags[i]}> '{text}' is not a number"));
            }

            if (!double.IsFinite(coords[i]))
            {
                return (null, QuarantineEntry.For(source, imagePath, name, QuarantineReasons.DegenerateBox, $"<{tags[i]}> '{text}' is not finite"));
            }
        }

        var pose = obj.Element("pose")?.Value.Trim();
        var box = new ManifestBox(coords[0], coords[1], coords[2], coords[3], name, null,
            Flag(obj, "difficult"), Flag(obj, "truncated"), string.IsNullOrEmpty(pose) ? null : pose, false, null, source);
        return (box, null);
    }

    private static bool Flag(XElement obj, string tag)
        => NumberText.TryDouble(obj.Element(tag)?.Value, out var v) && v != 0;
}
