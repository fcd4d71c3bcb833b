using Cluster.Formats.Examples;
using Cluster.Formats.Examples.Proto;
using Cluster.Formats.LabelMaps;
using Cluster.Formats.Tests.TfRecords;
using Cluster.Formats.TfRecords;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cluster.Formats.Tests.RealFiles;

/// <summary>TFX's GZIP shard, datumaro's OD API export and tfrecord_lite's raw-image records.</summary>
public sealed class OtherWritersTests
{
    [Fact]
    public void Read_TfxPenguinGzip_Has234Examples()
    {
        using var reader = TfRecordReader.Open(SharedRecords.Penguin);
        var records = TfRecordFiles.ReadAll(reader);

        Assert.Equal(TfRecordCompression.Gzip, reader.Compression);
        Assert.Equal(234, records.Count);
        Assert.All(records, r => Assert.True(Example.Parser.ParseFrom(r).Features.Feature.Count > 0));
    }

    [Fact]
    public void Read_TfxPenguinOpenedAsStreamWithoutName_DetectsGzip()
    {
        using var reader = new TfRecordReader(File.OpenRead(SharedRecords.Penguin), "stdin");

        Assert.Equal(234, TfRecordFiles.ReadAll(reader).Count);
        Assert.Equal(TfRecordCompression.Gzip, reader.Compression);
    }

    [Fact]
    public void RewriteGzip_PenguinRecords_ReadsBackTheSame()
    {
        var records = SharedRecords.ReadAll(SharedRecords.Penguin);

        var gz = TfRecordFiles.Write(records, TfRecordCompression.Gzip);

        Assert.Equal(records, TfRecordFiles.ReadAll(gz, name: "again.gz"));
    }

    [Fact]
    public void Read_DatumaroTest_HasNoBoxKeysAndNoObjects()
    {
        var payload = Assert.Single(SharedRecords.ReadAll(SharedRecords.Datumaro("test")));
        var example = Example.Parser.ParseFrom(payload);

        Assert.DoesNotContain(example.Features.Feature.Keys, k => k.StartsWith("image/object/", StringComparison.Ordinal));
        var typed = DetectionExample.FromExample(example);
        Assert.Empty(typed.Objects);
        Assert.Equal((4, 5), (typed.Width, typed.Height));
    }

    [Theory]
    [InlineData("train", 3)]
    [InlineData("val", 1)]
    public void Read_DatumaroSplit_BoxesUseLabelMapIds(string split, int boxes)
    {
        var map = LabelMap.Load(SharedRecords.DatumaroLabelMap);

        var example = DetectionExample.Parse(Assert.Single(SharedRecords.ReadAll(SharedRecords.Datumaro(split))));

        Assert.Equal(boxes, example.Objects.Count);
        if (split == "train")
        {
            Assert.Equal([3L, 4L, 0L], example.Objects.Select(o => o.ClassLabel));
            Assert.Equal([0f, 0f, 0.125f], example.Objects.Select(o => o.XMin));
        }

        Assert.All(example.Objects, o =>
        {
            // datumaro writes a box without a label as label 0 with empty text; 0 is not in the map.
            Assert.Equal(o.ClassText, o.ClassLabel == 0 ? "" : map.NameOf((int)o.ClassLabel));
            Assert.InRange(o.XMin, 0f, o.XMax);
            Assert.InRange(o.YMin, 0f, o.YMax);
        });
    }

    [Fact]
    public void Read_TfRecordLite_IncludesAGrayscaleJpeg()
    {
        var depths = new List<long>();
        foreach (var payload in SharedRecords.ReadAll(SharedRecords.TfRecordLite))
        {
            var f = Example.Parser.ParseFrom(payload).Features.Feature;
            var jpeg = f["image_raw"].BytesList.Value[0].ToByteArray();
            var info = Image.Identify(jpeg);
            Assert.Equal(f["width"].Int64List.Value[0], info.Width);
            Assert.Equal(f["height"].Int64List.Value[0], info.Height);
            depths.Add(f["depth"].Int64List.Value[0]);
            using var image = Image.Load<Rgb24>(jpeg);
            if (f["depth"].Int64List.Value[0] == 1)
            {
                Assert.Equal(8, info.PixelType.BitsPerPixel);
            }
        }

        Assert.Contains(1L, depths);
        Assert.Equal(2, depths.Count);
    }
}
