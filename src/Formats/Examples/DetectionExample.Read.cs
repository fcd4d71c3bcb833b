using Cluster.Formats.Examples.Proto;
using Google.Protobuf;

namespace Cluster.Formats.Examples;

/// <summary>
/// tf.train.Example → DetectionExample, leniently as TensorFlow's decoder reads: missing keys take their defaults
/// (format <c>jpeg</c>, no boxes), packed and unpacked lists are both accepted, unknown keys are kept.
/// </summary>
public sealed partial record DetectionExample
{
    /// <summary>Parses a serialized Example; <see cref="ExampleFormatException"/> if it is not one or its boxes do not fit.</summary>
    public static DetectionExample Parse(ReadOnlySpan<byte> serialized)
    {
        Example example;
        try
        {
            example = Example.Parser.ParseFrom(serialized);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw ExampleFormatException.NotAnExample(e);
        }

        return FromExample(example);
    }

    /// <summary>Maps an Example; <see cref="ExampleFormatException"/> when a feature has the wrong kind or count.</summary>
    public static DetectionExample FromExample(Example example)
    {
        ArgumentNullException.ThrowIfNull(example);
        var f = example.Features ?? new Features();
        return new DetectionExample
        {
            Height = FeatureValues.Int32(f, FeatureKeys.Height),
            Width = FeatureValues.Int32(f, FeatureKeys.Width),
            Filename = FeatureValues.String(f, FeatureKeys.Filename),
            SourceId = FeatureValues.String(f, FeatureKeys.SourceId),
            Sha256 = FeatureValues.String(f, FeatureKeys.Sha256),
            Encoded = FeatureValues.Bytes(f, FeatureKeys.Encoded) is [var encoded, ..] ? encoded.Memory : ReadOnlyMemory<byte>.Empty,
            Format = FeatureValues.String(f, FeatureKeys.Format, DefaultFormat) is { Length: > 0 } format ? format : DefaultFormat,
            Objects = ReadObjects(f),
            OtherFeatures = f.Feature.Where(kv => !FeatureKeys.Known.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        };
    }

    private static DetectionObject[] ReadObjects(Features f)
    {
        var xmin = FeatureValues.Floats(f, FeatureKeys.XMin);
        var count = xmin.Count;
        var xmax = Exactly(FeatureValues.Floats(f, FeatureKeys.XMax), FeatureKeys.XMax, count);
        var ymin = Exactly(FeatureValues.Floats(f, FeatureKeys.YMin), FeatureKeys.YMin, count);
        var ymax = Exactly(FeatureValues.Floats(f, FeatureKeys.YMax), FeatureKeys.YMax, count);
        var text = AtMost(FeatureValues.Bytes(f, FeatureKeys.ClassText), FeatureKeys.ClassText, count);
        var label = AtMost(FeatureValues.Int64s(f, FeatureKeys.ClassLabel), FeatureKeys.ClassLabel, count);
        var difficult = AtMost(FeatureValues.Int64s(f, FeatureKeys.Difficult), FeatureKeys.Difficult, count);
        var truncated = AtMost(FeatureValues.Int64s(f, FeatureKeys.Truncated), FeatureKeys.Truncated, count);
        var view = AtMost(FeatureValues.Bytes(f, FeatureKeys.View), FeatureKeys.View, count);
        var crowd = AtMost(FeatureValues.Int64s(f, FeatureKeys.IsCrowd), FeatureKeys.IsCrowd, count);
        var area = AtMost(FeatureValues.Floats(f, FeatureKeys.Area), FeatureKeys.Area, count);
        var objects = new DetectionObject[count];
        for (var i = 0; i < count; i++)
        {
            objects[i] = new DetectionObject(
                xmin[i], xmax[i], ymin[i], ymax[i],
                i < text.Count ? text[i].ToStringUtf8() : "",
                i < label.Count ? label[i] : 0,
                i < difficult.Count && difficult[i] != 0,
                i < truncated.Count && truncated[i] != 0,
                i < view.Count ? view[i].ToStringUtf8() : "",
                i < crowd.Count && crowd[i] != 0,
                i < area.Count ? area[i] : 0f);
        }

        return objects;
    }

    private static IReadOnlyList<T> Exactly<T>(IReadOnlyList<T> values, string key, int count) =>
        values.Count == count ? values : throw ExampleFormatException.WrongCount(key, values.Count, count);

    private static IReadOnlyList<T> AtMost<T>(IReadOnlyList<T> values, string key, int count) =>
        values.Count <= count ? values : throw ExampleFormatException.WrongCount(key, values.Count, count);
}
