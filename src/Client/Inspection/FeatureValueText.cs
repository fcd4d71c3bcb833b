using System.Globalization;
using System.Text;
using Cluster.Formats.Examples.Proto;
using Google.Protobuf;

namespace Cluster.Client.Inspection;

/// <summary>Readable forms of feature values; image bytes and other binary values are shown only by their size.</summary>
public static class FeatureValueText
{
    private const int MaxTextBytes = 256;
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static string KindOf(Feature feature) => feature.KindCase switch
    {
        Feature.KindOneofCase.BytesList => "bytes_list",
        Feature.KindOneofCase.FloatList => "float_list",
        Feature.KindOneofCase.Int64List => "int64_list",
        _ => "empty",
    };

    public static int CountOf(Feature feature) => feature.KindCase switch
    {
        Feature.KindOneofCase.BytesList => feature.BytesList.Value.Count,
        Feature.KindOneofCase.FloatList => feature.FloatList.Value.Count,
        Feature.KindOneofCase.Int64List => feature.Int64List.Value.Count,
        _ => 0,
    };

    /// <summary>The value as text, or null when it is binary (image bytes, non-UTF-8, control characters, or long).</summary>
    public static string? TextOf(string key, ByteString value)
    {
        if (key == "image/encoded" || value.Length > MaxTextBytes)
        {
            return null;
        }

        try
        {
            var text = StrictUtf8.GetString(value.Span);
            return text.Any(c => char.IsControl(c) && c is not '\n' and not '\t') ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Every value as display text: numbers round-trippable, binary as <c>&lt;N bytes&gt;</c>.</summary>
    public static IEnumerable<string> Display(string key, Feature feature) => feature.KindCase switch
    {
        Feature.KindOneofCase.BytesList => feature.BytesList.Value.Select(v => TextOf(key, v) is { } t ? $"'{t}'" : $"<{v.Length} bytes>"),
        Feature.KindOneofCase.FloatList => feature.FloatList.Value.Select(v => v.ToString("R", CultureInfo.InvariantCulture)),
        Feature.KindOneofCase.Int64List => feature.Int64List.Value.Select(v => v.ToString(CultureInfo.InvariantCulture)),
        _ => [],
    };
}
