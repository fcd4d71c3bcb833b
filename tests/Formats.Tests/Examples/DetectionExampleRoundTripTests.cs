using System.Text;
using Cluster.Formats.Examples;
using Cluster.Formats.Examples.Proto;
using Google.Protobuf;

namespace Cluster.Formats.Tests.Examples;

public sealed class DetectionExampleRoundTripTests
{
    internal static DetectionExample Sample(int boxes = 2)
    {
        var encoded = Encoding.ASCII.GetBytes("not really a jpeg");
        return new DetectionExample
        {
            Height = 480,
            Width = 640,
            Filename = "a/b.jpg",
            SourceId = "b.jpg",
            Sha256 = DetectionExample.Sha256Hex(encoded),
            Encoded = encoded,
            Format = "jpeg",
            Objects = Enumerable.Range(0, boxes)
                .Select(i => new DetectionObject(0.1f * i, 0.5f, 0.2f, 0.9f, $"class{i}", i + 1, i % 2 == 0, i % 2 == 1, "frontal", false, 12.5f))
                .ToList(),
        };
    }

    [Fact]
    public void ParseOfToByteArray_WithBoxes_ReturnsEqualValues()
    {
        var original = Sample();

        var back = DetectionExample.Parse(original.ToByteArray());

        Assert.Equal(original.Objects, back.Objects);
        Assert.Equal(original.Encoded.ToArray(), back.Encoded.ToArray());
        Assert.Equal(original with { Objects = back.Objects, Encoded = back.Encoded, OtherFeatures = back.OtherFeatures }, back);
        Assert.Empty(back.OtherFeatures);
    }

    [Fact]
    public void ToByteArray_SameExampleTwice_GivesSameBytes()
    {
        Assert.Equal(Sample().ToByteArray(), Sample().ToByteArray());
    }

    [Fact]
    public void ToExample_NoBoxes_WritesEmptyPerObjectLists()
    {
        var example = Sample(boxes: 0).ToExample();

        Assert.Empty(example.Features.Feature[FeatureKeys.XMin].FloatList.Value);
        Assert.Empty(example.Features.Feature[FeatureKeys.ClassText].BytesList.Value);
        Assert.Empty(DetectionExample.FromExample(example).Objects);
    }

    [Fact]
    public void ToExample_Sha256_IsLowerHexOfEncoded()
    {
        var sample = Sample();
        var sha = sample.ToExample().Features.Feature[FeatureKeys.Sha256].BytesList.Value[0].ToStringUtf8();

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(sample.Encoded.Span)), sha);
        Assert.Matches("^[0-9a-f]{64}$", sha);
    }

    [Fact]
    public void FromExample_UnknownKey_IsKeptAndWrittenBack()
    {
        var example = Sample().ToExample();
        example.Features.Feature["image/custom"] = new Feature { Int64List = new Int64List { Value = { 7, 8 } } };

        var typed = DetectionExample.FromExample(example);
        var again = typed.ToExample();

        Assert.Equal([7L, 8L], typed.OtherFeatures["image/custom"].Int64List.Value);
        Assert.Equal(example.Features.Feature["image/custom"], again.Features.Feature["image/custom"]);
    }

    [Fact]
    public void FromExample_MissingFormat_DefaultsToJpeg()
    {
        var example = Sample().ToExample();
        example.Features.Feature.Remove(FeatureKeys.Format);

        Assert.Equal("jpeg", DetectionExample.FromExample(example).Format);
    }

    [Fact]
    public void FromExample_MissingOptionalPerObjectKeys_TakeDefaults()
    {
        var example = Sample().ToExample();
        foreach (var key in new[] { FeatureKeys.Difficult, FeatureKeys.Truncated, FeatureKeys.View, FeatureKeys.IsCrowd, FeatureKeys.Area, FeatureKeys.ClassLabel })
        {
            example.Features.Feature.Remove(key);
        }

        var objects = DetectionExample.FromExample(example).Objects;

        Assert.All(objects, o => Assert.Equal((false, false, "", false, 0f, 0L), (o.Difficult, o.Truncated, o.View, o.IsCrowd, o.Area, o.ClassLabel)));
    }

    [Fact]
    public void FromExample_BoxListsOfDifferentLengths_ThrowsNamingKey()
    {
        var example = Sample().ToExample();
        example.Features.Feature[FeatureKeys.YMax].FloatList.Value.RemoveAt(0);

        var e = Assert.Throws<ExampleFormatException>(() => DetectionExample.FromExample(example));
        Assert.Equal(FeatureKeys.YMax, e.Key);
    }

    [Fact]
    public void FromExample_HeightAsBytes_ThrowsWrongKind()
    {
        var example = Sample().ToExample();
        example.Features.Feature[FeatureKeys.Height] = new Feature { BytesList = new BytesList { Value = { ByteString.CopyFromUtf8("480") } } };

        var e = Assert.Throws<ExampleFormatException>(() => DetectionExample.FromExample(example));
        Assert.Contains("int64_list", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotAProtobuf_ThrowsExampleFormatException()
    {
        Assert.Throws<ExampleFormatException>(() => DetectionExample.Parse([0xff, 0xff, 0xff]));
    }
}
