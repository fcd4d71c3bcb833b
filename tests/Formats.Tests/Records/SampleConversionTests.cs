using Cluster.Formats.Examples;
using Cluster.Formats.Images;
using Cluster.Formats.LabelMaps;
using Cluster.Formats.Manifests;
using Cluster.Formats.Records;
using Cluster.Tests.Shared;

namespace Cluster.Formats.Tests.Records;

/// <summary>The real annotation samples converted end to end (reader → label map → builder), with the accounting invariant.</summary>
public sealed class SampleConversionTests
{
    private static async Task<(ConversionTally Tally, List<DetectionExample> Examples, List<QuarantineEntry> Quarantined)> ConvertAsync(
        ManifestFormat format, string manifest, string? imagesRoot = null, LabelMap? labelMap = null, ImageOptions? options = null)
    {
        labelMap ??= await LabelMapAssigner.FromManifestAsync(format, manifest);
        var builder = new DetectionRecordBuilder(options ?? new ImageOptions(), labelMap, imagesRoot ?? ManifestReaders.DefaultImagesRoot(format, manifest));
        var tally = new ConversionTally();
        var examples = new List<DetectionExample>();
        var quarantined = new List<QuarantineEntry>();
        await foreach (var item in ManifestReaders.ReadAsync(format, manifest))
        {
            tally.AddRead(item);
            if (item.Rejected is not null)
            {
                quarantined.Add(item.Rejected);
                continue;
            }

            var result = builder.Build(item.Image!);
            tally.AddBuilt(result);
            quarantined.AddRange(result.Quarantined);
            if (result.ExampleBytes is not null)
            {
                examples.Add(DetectionExample.Parse(result.ExampleBytes));
            }
        }

        Assert.True(tally.IsBalanced, $"rows {tally.RowsRead} != written {tally.BoxesWritten} + quarantined {tally.RowsQuarantined}");
        return (tally, examples, quarantined);
    }

    [Fact]
    public async Task Convert_VocRaccoon_AllNineImagesWithStatedSizesAndFlags()
    {
        var voc = RepoPaths.Data("annotations", "voc", "raccoon");

        var (tally, examples, quarantined) = await ConvertAsync(ManifestFormat.Voc, voc);

        Assert.Empty(quarantined);
        Assert.Equal(9, examples.Count);
        Assert.True(examples.All(e => e.Objects.All(o => o.ClassText == "raccoon" && o.ClassLabel == 1)));
        var r11 = examples.Single(e => e.Filename == "raccoon-11.jpg");
        Assert.Equal((660, 432), (r11.Width, r11.Height));
        Assert.Equal(File.ReadAllBytes(Path.Combine(voc, "JPEGImages", "raccoon-11.jpg")), r11.Encoded.ToArray());
        var box = Assert.Single(r11.Objects);
        Assert.Equal(((float)(3 / 660d), (float)(1 / 432d), (float)(461 / 660d), (float)(431 / 432d)), (box.XMin, box.YMin, box.XMax, box.YMax));
        Assert.True(box.Truncated);
        Assert.Equal("Unspecified", box.View);
        Assert.Equal(tally.RowsRead, tally.BoxesWritten);
    }

    [Fact]
    public async Task Convert_CocoDatumaroVal_KeepsCrowdAndArea()
    {
        var json = RepoPaths.Data("annotations", "coco", "datumaro-coco_instances", "annotations", "instances_val.json");

        var (_, examples, quarantined) = await ConvertAsync(ManifestFormat.Coco, json,
            labelMap: LabelMap.FromItems([new LabelMapItem(1, "a"), new LabelMapItem(2, "b"), new LabelMapItem(4, "c")]));

        Assert.Empty(quarantined);
        var example = Assert.Single(examples);
        Assert.Equal(("b.jpg", 5, 10), (example.Filename, example.Width, example.Height));
        Assert.Equal([false, true], example.Objects.Select(o => o.IsCrowd));
        Assert.Equal([2f, 20f], example.Objects.Select(o => o.Area));
        Assert.Equal([1L, 2L], example.Objects.Select(o => o.ClassLabel));
        Assert.Equal(0.9f, example.Objects[1].YMax);
    }

    [Fact]
    public async Task Convert_CocoDatumaroTrain_OneBox()
    {
        var json = RepoPaths.Data("annotations", "coco", "datumaro-coco_instances", "annotations", "instances_train.json");

        var (_, examples, _) = await ConvertAsync(ManifestFormat.Coco, json);

        var box = Assert.Single(Assert.Single(examples).Objects);
        Assert.Equal(("b", 0.2f, 0.5f, 0.4f, 0.6f), (box.ClassText, box.XMin, box.XMax, box.YMin, box.YMax));
    }

    [Fact]
    public async Task Convert_YoloRoboflow_NormalizedBoxesSurvive()
    {
        var root = RepoPaths.Data("annotations", "yolo", "datumaro-roboflow-yolo");

        var (tally, examples, quarantined) = await ConvertAsync(ManifestFormat.Yolo, root);

        Assert.Empty(quarantined);
        Assert.Equal((3, 4L), (examples.Count, tally.BoxesWritten));
        var box = examples[0].Objects[0];
        Assert.Equal(0.2f, box.XMin, 6);
        Assert.Equal(0.5f, box.XMax, 6);
        Assert.Equal(["label_0", "label_1"], examples[2].Objects.Select(o => o.ClassText));
    }

    [Fact]
    public async Task Convert_YoloDarknet_TwoBoxes()
    {
        var root = RepoPaths.Data("annotations", "yolo", "datumaro-yolo-strict");

        var (tally, examples, quarantined) = await ConvertAsync(ManifestFormat.Yolo, root);

        Assert.Empty(quarantined);
        var example = Assert.Single(examples);
        Assert.Equal(2L, tally.BoxesWritten);
        Assert.Equal(0.133333f - (0.266667f / 2), example.Objects[0].XMin, 5);
        Assert.Equal(["label_2", "label_4"], example.Objects.Select(o => o.ClassText));
    }

    [Fact]
    public async Task Convert_CsvWithEveryKindOfBadRow_EveryRowAccountedOnce()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("images"));
        File.Copy(RepoPaths.Data("annotations", "voc", "raccoon", "JPEGImages", "raccoon-11.jpg"), dir.File("images/raccoon-11.jpg"));
        await File.WriteAllBytesAsync(dir.File("images/empty.jpg"), []);
        var csv = dir.File("labels.csv");
        await File.WriteAllTextAsync(csv, """
            filename,width,height,class,xmin,ymin,xmax,ymax
            raccoon-11.jpg,660,432,raccoon,3,1,461,431
            raccoon-11.jpg,660,432,raccoon,-0.5,1,461,432.5
            raccoon-11.jpg,660,432,raccoon,-50,1,461,431
            raccoon-11.jpg,660,432,raccoon,10,10,5,20
            raccoon-11.jpg,660,432,raccoon,x,1,461,431
            raccoon-11.jpg,660,432,raccoon,NaN,1,461,431
            raccoon-11.jpg,660,432,café 狸,3,1,461,431
            missing.jpg,10,10,raccoon,1,1,5,5
            ../escape.jpg,10,10,raccoon,1,1,5,5
            empty.jpg,10,10,raccoon,1,1,5,5
            """);
        var labels = LabelMap.FromSortedNames(["raccoon"]);

        var (tally, examples, quarantined) = await ConvertAsync(ManifestFormat.Csv, csv, dir.File("images"), labels);

        Assert.Equal(10, tally.RowsRead);
        Assert.Equal((2L, 1L, 8L), (tally.BoxesWritten, tally.BoxesFixed, tally.RowsQuarantined));
        Assert.Equal(new Dictionary<string, long>
        {
            [QuarantineReasons.BoxOutsideImage] = 1,
            [QuarantineReasons.DegenerateBox] = 2,
            [QuarantineReasons.MalformedRow] = 1,
            [QuarantineReasons.UnknownClass] = 1,
            [QuarantineReasons.MissingImage] = 1,
            [QuarantineReasons.PathEscapesRoot] = 1,
            [QuarantineReasons.UndecodableImage] = 1,
        }, tally.QuarantinedByReason);
        Assert.Equal(8, quarantined.Count);
        Assert.All(quarantined, q => Assert.Equal(csv, q.SourceFile));
        Assert.Equal(Enumerable.Range(4, 8).Select(i => (long)i).Order(), quarantined.Select(q => q.Line).Order());
        Assert.Single(examples);
    }
}
