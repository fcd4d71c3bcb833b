using System.Text.Json;

namespace Cluster.Bench;

/// <summary>Writes a synthetic COCO instances JSON, streaming, with <c>boxes</c> annotations spread evenly over
/// <c>images</c> images (grouped by image, as exporters write them) and 80 categories. Deterministic for a seed.</summary>
internal static class CocoFileGenerator
{
    public static void Write(string path, int images, int boxes, int seed = 1)
    {
        var random = new Random(seed);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var json = new Utf8JsonWriter(file);
        json.WriteStartObject();
        json.WriteStartObject("info");
        json.WriteString("description", $"synthetic: {boxes} boxes over {images} images");
        json.WriteEndObject();
        json.WriteStartArray("images");
        for (var i = 1; i <= images; i++)
        {
            json.WriteStartObject();
            json.WriteNumber("id", i);
            json.WriteString("file_name", $"{i:D12}.jpg");
            json.WriteNumber("width", 640);
            json.WriteNumber("height", 480);
            json.WriteEndObject();
            Flush(json, file);
        }

        json.WriteEndArray();
        json.WriteStartArray("categories");
        for (var c = 1; c <= 80; c++)
        {
            json.WriteStartObject();
            json.WriteNumber("id", c);
            json.WriteString("name", $"class-{c:D2}");
            json.WriteString("supercategory", "thing");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("annotations");
        for (var a = 0; a < boxes; a++)
        {
            var x = Math.Round(random.NextDouble() * 500, 2);
            var y = Math.Round(random.NextDouble() * 380, 2);
            var w = Math.Round(1 + (random.NextDouble() * 130), 2);
            var h = Math.Round(1 + (random.NextDouble() * 90), 2);
            json.WriteStartObject();
            json.WriteNumber("id", a + 1);
            json.WriteNumber("image_id", 1 + (int)((long)a * images / boxes));
            json.WriteNumber("category_id", 1 + random.Next(80));
            json.WriteStartArray("segmentation");
            json.WriteStartArray();
            foreach (var v in new[] { x, y, x + w, y, x + w, y + h, x, y + h })
            {
                json.WriteNumberValue(v);
            }

            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteNumber("area", Math.Round(w * h, 2));
            json.WriteStartArray("bbox");
            json.WriteNumberValue(x);
            json.WriteNumberValue(y);
            json.WriteNumberValue(w);
            json.WriteNumberValue(h);
            json.WriteEndArray();
            json.WriteNumber("iscrowd", 0);
            json.WriteEndObject();
            Flush(json, file);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Flush(Utf8JsonWriter json, Stream file)
    {
        if (json.BytesPending > 1 << 16)
        {
            json.Flush();
        }
    }
}
