using Cluster.Formats.Manifests;
using Cluster.Tests.Shared;
using static Cluster.Formats.Tests.Manifests.ManifestTestHelpers;

namespace Cluster.Formats.Tests.Manifests;

public sealed class YoloManifestReaderTests
{
    [Fact]
    public async Task ReadAsync_RoboflowLayout_ResolvesSplitsAndNames()
    {
        var root = RepoPaths.Data("annotations", "yolo", "datumaro-roboflow-yolo");
        var items = await ReadAllAsync(ManifestFormat.Yolo, root);

        var images = items.Images();
        Assert.Empty(items.Rejected());
        Assert.Equal(["train/images/train_001.jpg", "train/images/train_002.jpg", "val/images/val_001.jpg"], images.Select(i => i.ImagePath.Replace('\\', '/')));
        Assert.Equal(4, images.Sum(i => i.Boxes.Count));
        var box = Assert.Single(images[0].Boxes);
        Assert.Equal(("label_0", 0, true), (box.ClassName, box.ClassId!.Value, box.Normalized));
        Assert.Equal(0.2, box.XMin, 12);
        Assert.Equal(0.5, box.XMax, 12);
        Assert.Equal(0.2, box.YMin, 12);
        Assert.Equal(0.4, box.YMax, 12);
    }

    [Fact]
    public async Task ReadAsync_DarknetLayout_ReadsObjDataNamesAndTrainList()
    {
        var root = RepoPaths.Data("annotations", "yolo", "datumaro-yolo-strict");
        var items = await ReadAllAsync(ManifestFormat.Yolo, Path.Combine(root, "obj.data"));

        var image = Assert.Single(items.Images());
        Assert.Equal("obj_train_data/1.jpg", image.ImagePath.Replace('\\', '/'));
        Assert.Equal(["label_2", "label_4"], image.Boxes.Select(b => b.ClassName));
        Assert.Equal([1L, 2L], image.Boxes.Select(b => b.Source.Line));
    }

    [Fact]
    public async Task ReadAsync_NamesAsMapAndBadRows_QuarantinesEachRow()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "train", "images"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "train", "labels"));
        await File.WriteAllTextAsync(dir.File("data.yaml"), "train: train/images\nnames:\n  0: café 狸\n  1: dog\n");
        await File.WriteAllBytesAsync(Path.Combine(dir.Path, "train", "images", "a.jpg"), [0xFF, 0xD8]);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "train", "labels", "a.txt"), "0 0.5 0.5 0.2 0.2\n5 0.5 0.5 0.2 0.2\n1 nan 0.5 0.2 0.2\n1 0.5 0.5\n");

        var items = await ReadAllAsync(ManifestFormat.Yolo, dir.Path);

        Assert.Equal("café 狸", Assert.Single(Assert.Single(items.Images()).Boxes).ClassName);
        Assert.Equal([QuarantineReasons.UnknownClass, QuarantineReasons.DegenerateBox, QuarantineReasons.MalformedRow], items.Rejected().Select(r => r.Reason));
        Assert.Equal([2L, 3L, 4L], items.Rejected().Select(r => r.Line));
    }
}
