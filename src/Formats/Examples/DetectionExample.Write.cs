using Cluster.Formats.Examples.Proto;
using Google.Protobuf;

namespace Cluster.Formats.Examples;

/// <summary>DetectionExample → tf.train.Example, with keys in ordinal order so the same example always gives the same bytes.</summary>
public sealed partial record DetectionExample
{
    /// <summary>The Example, with every OD API key (per-object lists are empty when there are no boxes).</summary>
    public Example ToExample()
    {
        var objects = Objects;
        var features = new SortedDictionary<string, Feature>(StringComparer.Ordinal)
        {
            [FeatureKeys.Height] = FeatureValues.Of(Height),
            [FeatureKeys.Width] = FeatureValues.Of(Width),
            [FeatureKeys.Filename] = FeatureValues.Of(Filename),
            [FeatureKeys.SourceId] = FeatureValues.Of(SourceId),
            [FeatureKeys.Sha256] = FeatureValues.Of(Sha256),
            [FeatureKeys.Encoded] = FeatureValues.Of(UnsafeByteOperations.UnsafeWrap(Encoded)),
            [FeatureKeys.Format] = FeatureValues.Of(Format),
            [FeatureKeys.XMin] = FeatureValues.FloatList(objects.Select(o => o.XMin)),
            [FeatureKeys.XMax] = FeatureValues.FloatList(objects.Select(o => o.XMax)),
            [FeatureKeys.YMin] = FeatureValues.FloatList(objects.Select(o => o.YMin)),
            [FeatureKeys.YMax] = FeatureValues.FloatList(objects.Select(o => o.YMax)),
            [FeatureKeys.ClassText] = FeatureValues.BytesList(objects.Select(o => o.ClassText)),
            [FeatureKeys.ClassLabel] = FeatureValues.Int64List(objects.Select(o => o.ClassLabel)),
            [FeatureKeys.Difficult] = FeatureValues.Int64List(objects.Select(o => o.Difficult ? 1L : 0L)),
            [FeatureKeys.Truncated] = FeatureValues.Int64List(objects.Select(o => o.Truncated ? 1L : 0L)),
            [FeatureKeys.View] = FeatureValues.BytesList(objects.Select(o => o.View)),
            [FeatureKeys.IsCrowd] = FeatureValues.Int64List(objects.Select(o => o.IsCrowd ? 1L : 0L)),
            [FeatureKeys.Area] = FeatureValues.FloatList(objects.Select(o => o.Area)),
        };
        foreach (var (key, value) in OtherFeatures)
        {
            features.TryAdd(key, value);
        }

        var example = new Example { Features = new Features() };
        example.Features.Feature.Add(features);
        return example;
    }

    /// <summary>The serialized Example: the payload of one TFRecord.</summary>
    public byte[] ToByteArray() => ToExample().ToByteArray();
}
