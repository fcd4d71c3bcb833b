using System.Text;
using Cluster.Formats.Examples.Proto;
using Google.Protobuf;

namespace Cluster.Formats.Examples;

/// <summary>Typed access to an Example's features, lenient about missing keys and strict about wrong kinds.</summary>
internal static class FeatureValues
{
    public static IReadOnlyList<long> Int64s(Features f, string key) =>
        Get(f, key, Feature.KindOneofCase.Int64List) is { } x ? x.Int64List.Value : [];

    public static IReadOnlyList<float> Floats(Features f, string key) =>
        Get(f, key, Feature.KindOneofCase.FloatList) is { } x ? x.FloatList.Value : [];

    public static IReadOnlyList<ByteString> Bytes(Features f, string key) =>
        Get(f, key, Feature.KindOneofCase.BytesList) is { } x ? x.BytesList.Value : [];

    public static string String(Features f, string key, string fallback = "") =>
        Bytes(f, key) is [var first, ..] ? first.ToStringUtf8() : fallback;

    public static int Int32(Features f, string key) => Int64s(f, key) switch
    {
        [] => 0,
        [var v, ..] when v is >= 0 and <= int.MaxValue => (int)v,
        [var v, ..] => throw ExampleFormatException.OutOfRange(key, v),
    };

    public static Feature Of(long value) => new() { Int64List = new Int64List { Value = { value } } };

    public static Feature Of(string value) => new() { BytesList = new BytesList { Value = { ByteString.CopyFromUtf8(value) } } };

    public static Feature Of(ByteString value) => new() { BytesList = new BytesList { Value = { value } } };

    public static Feature Int64List(IEnumerable<long> values) => new() { Int64List = new Int64List { Value = { values } } };

    public static Feature FloatList(IEnumerable<float> values) => new() { FloatList = new FloatList { Value = { values } } };

    public static Feature BytesList(IEnumerable<string> values) =>
        new() { BytesList = new BytesList { Value = { values.Select(v => ByteString.CopyFrom(Encoding.UTF8.GetBytes(v))) } } };

    private static Feature? Get(Features f, string key, Feature.KindOneofCase expected)
    {
        if (!f.Feature.TryGetValue(key, out var feature) || feature.KindCase == Feature.KindOneofCase.None)
        {
            return null;
        }

        return feature.KindCase == expected ? feature : throw ExampleFormatException.WrongKind(key, Name(expected), Name(feature.KindCase));
    }

    private static string Name(Feature.KindOneofCase kind) => kind switch
    {
        Feature.KindOneofCase.BytesList => "bytes_list",
        Feature.KindOneofCase.FloatList => "float_list",
        Feature.KindOneofCase.Int64List => "int64_list",
        _ => "empty feature",
    };
}
