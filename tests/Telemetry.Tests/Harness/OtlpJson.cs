using System.Text.Json;

namespace Cluster.Tests.Otlp;

/// <summary>Reads OTLP JSON (<c>{"data":{"resourceSpans":[…]}}</c>) into <see cref="OtlpSpan"/>s.</summary>
internal static class OtlpJson
{
    public static IReadOnlyList<OtlpSpan> ReadSpans(JsonElement root)
    {
        var spans = new List<OtlpSpan>();
        var data = root.TryGetProperty("data", out var d) ? d : root;
        foreach (var resourceSpans in Array(data, "resourceSpans"))
        {
            var resource = Attributes(resourceSpans.TryGetProperty("resource", out var r) ? r : default);
            var service = resource.GetValueOrDefault("service.name", string.Empty);
            foreach (var scopeSpans in Array(resourceSpans, "scopeSpans"))
            {
                var scope = scopeSpans.TryGetProperty("scope", out var s) && s.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty;
                foreach (var span in Array(scopeSpans, "spans"))
                {
                    spans.Add(new OtlpSpan(
                        service,
                        scope,
                        Text(span, "traceId"),
                        Text(span, "spanId"),
                        Text(span, "parentSpanId"),
                        Text(span, "name"),
                        Attributes(span),
                        span.TryGetProperty("status", out var status) && status.TryGetProperty("code", out var code) ? code.GetInt32() : 0));
                }
            }
        }

        return spans;
    }

    private static Dictionary<string, string> Attributes(JsonElement owner)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in Array(owner, "attributes"))
        {
            attributes[Text(attribute, "key")] = Value(attribute.GetProperty("value"));
        }

        return attributes;
    }

    private static string Value(JsonElement value)
    {
        foreach (var property in value.EnumerateObject())
        {
            return property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString() ?? string.Empty,
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => property.Value.GetRawText(),
            };
        }

        return string.Empty;
    }

    private static IEnumerable<JsonElement> Array(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : [];

    private static string Text(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText() : string.Empty;
}
