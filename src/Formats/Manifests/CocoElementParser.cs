using System.Text.Json;

namespace Cluster.Formats.Manifests;

/// <summary>Parses one complete COCO array element (image, category or annotation object) from its bytes, reading
/// only the fields the converter needs and skipping the rest (segmentation, attributes, ...).</summary>
internal static class CocoElementParser
{
    public static CocoImageEntry? Image(ReadOnlySpan<byte> json)
    {
        long? id = null;
        string? fileName = null;
        int? width = null, height = null;
        var r = new Utf8JsonReader(json);
        ForEachProperty(ref r, (ref Utf8JsonReader v, string name) =>
        {
            switch (name)
            {
                case "id": id = Int64(ref v); break;
                case "file_name": fileName = v.TokenType == JsonTokenType.String ? v.GetString() : null; break;
                case "width": width = Pixels(ref v); break;
                case "height": height = Pixels(ref v); break;
                default: v.Skip(); break;
            }
        });
        return id is null || string.IsNullOrEmpty(fileName) ? null : new CocoImageEntry(id.Value, fileName, width, height);
    }

    public static (long? Id, string? Name) Category(ReadOnlySpan<byte> json)
    {
        long? id = null;
        string? name = null;
        var r = new Utf8JsonReader(json);
        ForEachProperty(ref r, (ref Utf8JsonReader v, string prop) =>
        {
            switch (prop)
            {
                case "id": id = Int64(ref v); break;
                case "name": name = v.TokenType == JsonTokenType.String ? v.GetString() : null; break;
                default: v.Skip(); break;
            }
        });
        return (id, name);
    }

    public static CocoAnnotation Annotation(ReadOnlySpan<byte> json)
    {
        long? imageId = null, categoryId = null;
        double[]? bbox = null;
        var crowd = false;
        double? area = null;
        var r = new Utf8JsonReader(json);
        ForEachProperty(ref r, (ref Utf8JsonReader v, string name) =>
        {
            switch (name)
            {
                case "image_id": imageId = Int64(ref v); break;
                case "category_id": categoryId = Int64(ref v); break;
                case "iscrowd": crowd = v.TokenType == JsonTokenType.Number ? v.GetDouble() != 0 : v.TokenType == JsonTokenType.True; break;
                case "area": area = v.TokenType == JsonTokenType.Number ? v.GetDouble() : null; break;
                case "bbox": bbox = Doubles(ref v); break;
                default: v.Skip(); break;
            }
        });
        return new CocoAnnotation(imageId, categoryId, bbox, crowd, area);
    }

    /// <summary>Only the image id (pass 1 counts annotations per image without building boxes).</summary>
    public static long? AnnotationImageId(ReadOnlySpan<byte> json)
    {
        long? imageId = null;
        var r = new Utf8JsonReader(json);
        ForEachProperty(ref r, (ref Utf8JsonReader v, string name) =>
        {
            if (name == "image_id")
            {
                imageId = Int64(ref v);
            }
            else
            {
                v.Skip();
            }
        });
        return imageId;
    }

    private delegate void PropertyHandler(ref Utf8JsonReader value, string name);

    private static readonly string[] KnownNames =
        ["id", "image_id", "category_id", "bbox", "area", "iscrowd", "segmentation", "file_name", "width", "height", "name", "supercategory"];

    private static readonly byte[][] KnownNameBytes = [.. KnownNames.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>The shared string for a common COCO property name (no allocation per element), or null.</summary>
    private static string? KnownName(ref Utf8JsonReader r)
    {
        if (r.ValueIsEscaped || r.HasValueSequence)
        {
            return null;
        }

        for (var i = 0; i < KnownNameBytes.Length; i++)
        {
            if (r.ValueSpan.SequenceEqual(KnownNameBytes[i]))
            {
                return KnownNames[i];
            }
        }

        return null;
    }

    private static void ForEachProperty(ref Utf8JsonReader r, PropertyHandler handler)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("expected a JSON object");
        }

        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var name = KnownName(ref r) ?? r.GetString()!;
            r.Read();
            handler(ref r, name);
        }
    }

    private static long? Int64(ref Utf8JsonReader v)
        => v.TokenType == JsonTokenType.Number && v.TryGetInt64(out var x) ? x
            : v.TokenType == JsonTokenType.Number && v.GetDouble() is var d && d == Math.Floor(d) && Math.Abs(d) < 9e15 ? (long)d
            : null;

    private static int? Pixels(ref Utf8JsonReader v)
        => v.TokenType == JsonTokenType.Number && v.TryGetDouble(out var d) && d == Math.Floor(d) && d is > 0 and <= int.MaxValue ? (int)d : null;

    private static double[]? Doubles(ref Utf8JsonReader v)
    {
        if (v.TokenType != JsonTokenType.StartArray)
        {
            v.Skip();
            return null;
        }

        var values = new List<double>(4);
        while (v.Read() && v.TokenType != JsonTokenType.EndArray)
        {
            if (v.TokenType != JsonTokenType.Number)
            {
                v.Skip();
                return null;
            }

            values.Add(v.GetDouble());
        }

        return values.ToArray();
    }
}
