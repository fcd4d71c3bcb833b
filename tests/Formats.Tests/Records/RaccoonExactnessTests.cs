using Cluster.Formats.Examples;
using Cluster.Formats.Examples.Proto;
using Cluster.Formats.Images;
using Cluster.Formats.Manifests;
using Cluster.Formats.Records;
using Cluster.Formats.TfRecords;
using Cluster.Tests.Shared;
using Google.Protobuf;

namespace Cluster.Formats.Tests.Records;

/// <summary>Converting raccoon__test_labels.csv reproduces TensorFlow's raccoon__test.record. The raccoon JPEGs are not
/// in the shared data as files, so they are taken from the record's own image/encoded (four of them are also in the VOC
/// sample, and those files are checked to be the same bytes); our Examples must then equal TF's on every key TF wrote,
/// with boxes bit-identical as float32, differing only in image/format ("jpeg" where generate_tfrecord.py wrote "jpg")
/// and in the keys we add (sha256, difficult, truncated, view, is_crowd, area).</summary>
public sealed class RaccoonExactnessTests
{
    private static readonly HashSet<string> AddedKeys =
    [
        FeatureKeys.Sha256, FeatureKeys.Difficult, FeatureKeys.Truncated, FeatureKeys.View, FeatureKeys.IsCrowd, FeatureKeys.Area,
    ];

    [Fact]
    public async Task Build_RaccoonTestCsv_ReproducesTensorFlowRecordExactly()
    {
        var tf = ReadRecord(RepoPaths.Data("tfrecords", "raccoon__test.record"));
        using var images = new TempDirectory();
        foreach (var (name, example) in tf)
        {
            await File.WriteAllBytesAsync(images.File(name), example.Features.Feature[FeatureKeys.Encoded].BytesList.Value[0].ToByteArray());
        }

        var csv = RepoPaths.Data("tfrecords", "raccoon__test_labels.csv");
        var labelMap = await LabelMapAssigner.FromManifestAsync(ManifestFormat.Csv, csv);
        var builder = new DetectionRecordBuilder(new ImageOptions(), labelMap, images.Path);
        var tally = new ConversionTally();
        var compared = 0;
        await foreach (var item in ManifestReaders.ReadAsync(ManifestFormat.Csv, csv))
        {
            tally.AddRead(item);
            var result = builder.Build(item.Image!);
            tally.AddBuilt(result);
            Assert.True(result.PassedThrough);
            var ours = Example.Parser.ParseFrom(result.ExampleBytes);
            var theirs = tf[item.Image!.ImagePath];
            foreach (var key in new[] { FeatureKeys.XMin, FeatureKeys.XMax, FeatureKeys.YMin, FeatureKeys.YMax })
            {
                Assert.Equal(Bits(theirs, key), Bits(ours, key));
            }

            Assert.Equal("jpeg", ours.Features.Feature[FeatureKeys.Format].BytesList.Value[0].ToStringUtf8());
            Assert.Equal("jpg", theirs.Features.Feature[FeatureKeys.Format].BytesList.Value[0].ToStringUtf8());
            var trimmed = ours.Clone();
            foreach (var key in AddedKeys)
            {
                Assert.True(trimmed.Features.Feature.Remove(key), key);
            }

            trimmed.Features.Feature[FeatureKeys.Format] = theirs.Features.Feature[FeatureKeys.Format];
            Assert.Equal(theirs, trimmed);
            compared++;
        }

        Assert.Equal(tf.Count, compared);
        Assert.Equal(44, tally.BoxesWritten);
        Assert.Equal(0, tally.RowsQuarantined);
        Assert.True(tally.IsBalanced);
    }

    [Fact]
    public void RecordImages_AlsoInVocSample_AreTheSameBytes()
    {
        var tf = ReadRecord(RepoPaths.Data("tfrecords", "raccoon__test.record"));
        var voc = RepoPaths.Data("annotations", "voc", "raccoon", "JPEGImages");
        var shared = tf.Keys.Where(n => File.Exists(Path.Combine(voc, n))).ToList();

        Assert.Equal(4, shared.Count);
        foreach (var name in shared)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(voc, name)), tf[name].Features.Feature[FeatureKeys.Encoded].BytesList.Value[0].ToByteArray());
        }
    }

    private static int[] Bits(Example e, string key) => e.Features.Feature[key].FloatList.Value.Select(BitConverter.SingleToInt32Bits).ToArray();

    private static Dictionary<string, Example> ReadRecord(string path)
    {
        var examples = new Dictionary<string, Example>(StringComparer.Ordinal);
        using var reader = TfRecordReader.Open(path);
        while (reader.TryReadNext(out var record))
        {
            var example = Example.Parser.ParseFrom(record.Span);
            examples.Add(example.Features.Feature[FeatureKeys.Filename].BytesList.Value[0].ToStringUtf8(), example);
        }

        return examples;
    }
}
