using System.Text.Encodings.Web;
using System.Text.Json;
using Cluster.Formats.Examples.Proto;

namespace Cluster.Client.Inspection;

/// <summary>
/// <c>inspect --json</c>: one JSON object. Binary bytes values appear as <c>{"bytes": N}</c>, text values as strings.
/// </summary>
public static class InspectJsonWriter
{
    public static string Write(InspectReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("file", report.File);
            json.WriteString("compression", report.Compression.ToString().ToLowerInvariant());
            json.WriteNumber("records", report.Records);
            json.WriteNumber("uncompressedBytes", report.UncompressedBytes);
            json.WriteNumber("notExamples", report.NotExamples);
            json.WriteStartArray("features");
            foreach (var f in report.Features)
            {
                json.WriteStartObject();
                json.WriteString("key", f.Key);
                json.WriteString("kind", f.Kind);
                json.WriteNumber("records", f.Records);
                json.WriteNumber("minValues", f.MinValues);
                json.WriteNumber("maxValues", f.MaxValues);
                json.WriteNumber("totalValues", f.TotalValues);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("firstRecords");
            foreach (var record in report.FirstRecords)
            {
                WriteRecord(json, record);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteRecord(Utf8JsonWriter json, RecordView record)
    {
        json.WriteStartObject();
        json.WriteNumber("index", record.Index);
        json.WriteNumber("offset", record.Offset);
        json.WriteNumber("size", record.Size);
        json.WriteBoolean("isExample", record.Example is not null);
        json.WriteStartObject("features");
        foreach (var (key, feature) in record.SortedFeatures)
        {
            json.WriteStartObject(key);
            json.WriteString("kind", FeatureValueText.KindOf(feature));
            json.WriteStartArray("values");
            WriteValues(json, key, feature);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter json, string key, Feature feature)
    {
        switch (feature.KindCase)
        {
            case Feature.KindOneofCase.FloatList:
                feature.FloatList.Value.ToList().ForEach(json.WriteNumberValue);
                break;
            case Feature.KindOneofCase.Int64List:
                feature.Int64List.Value.ToList().ForEach(json.WriteNumberValue);
                break;
            case Feature.KindOneofCase.BytesList:
                foreach (var value in feature.BytesList.Value)
                {
                    if (FeatureValueText.TextOf(key, value) is { } text)
                    {
                        json.WriteStringValue(text);
                    }
                    else
                    {
                        json.WriteStartObject();
                        json.WriteNumber("bytes", value.Length);
                        json.WriteEndObject();
                    }
                }

                break;
        }
    }
}
