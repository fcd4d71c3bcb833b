using Cluster.Formats.Manifests;
using Cluster.Tests.Shared;
using static Cluster.Formats.Tests.Manifests.ManifestTestHelpers;

namespace Cluster.Formats.Tests.Manifests;

public sealed class CocoManifestReaderTests
{
    private static string Val => RepoPaths.Data("annotations", "coco", "datumaro-coco_instances", "annotations", "instances_val.json");

    [Fact]
    public async Task ReadAsync_DatumaroVal_KeepsCrowdAreaAndCategoryNames()
    {
        var items = await ReadAllAsync(ManifestFormat.Coco, Val);

        var image = Assert.Single(items.Images());
        Assert.Empty(items.Rejected());
        Assert.Equal(("b.jpg", 5, 10), (image.ImagePath, image.StatedWidth!.Value, image.StatedHeight!.Value));
        Assert.Equal(2, image.Boxes.Count);
        var polygon = image.Boxes[0];
        Assert.Equal(("a", 1, false, 2.0), (polygon.ClassName, polygon.ClassId!.Value, polygon.IsCrowd, polygon.Area!.Value));
        Assert.Equal((0d, 0d, 1d, 2d), (polygon.XMin, polygon.YMin, polygon.XMax, polygon.YMax));
        var crowd = image.Boxes[1];
        Assert.Equal(("b", 2, true, 20.0), (crowd.ClassName, crowd.ClassId!.Value, crowd.IsCrowd, crowd.Area!.Value));
        Assert.Equal((0d, 0d, 1d, 9d), (crowd.XMin, crowd.YMin, crowd.XMax, crowd.YMax));
        Assert.Equal(2L, crowd.Source.Line);
    }

    [Fact]
    public void DefaultImagesRoot_DatumaroLayout_IsImagesSubsetFolder()
    {
        var root = ManifestReaders.DefaultImagesRoot(ManifestFormat.Coco, Val);

        Assert.True(File.Exists(Path.Combine(root, "b.jpg")), root);
    }

    [Fact]
    public async Task ReadAsync_UngroupedAnnotationsOverMemoryLimit_SpillsAndKeepsImageOrder()
    {
        using var dir = new TempDirectory();
        var path = dir.File("instances.json");
        await File.WriteAllTextAsync(path, """
            {"images":[{"id":1,"file_name":"a.jpg","width":10,"height":10},{"id":2,"file_name":"b.jpg","width":10,"height":10},{"id":3,"file_name":"c.jpg","width":10,"height":10}],
             "categories":[{"id":7,"name":"cat"}],
             "annotations":[{"id":1,"image_id":2,"category_id":7,"bbox":[1,1,2,2]},{"id":2,"image_id":1,"category_id":7,"bbox":[1,1,3,3]},
                            {"id":3,"image_id":2,"category_id":7,"bbox":[2,2,2,2]},{"id":4,"image_id":1,"category_id":7,"bbox":[0,0,1,1]}]}
            """);

        var images = (await ReadAllAsync(ManifestFormat.Coco, path, new ManifestReadOptions { CocoAnnotationsInMemory = 2, TempDirectory = dir.Path })).Images();

        Assert.Equal(["a.jpg", "b.jpg", "c.jpg"], images.Select(i => i.ImagePath));
        Assert.Equal([2L, 4L], images[0].Boxes.Select(b => b.Source.Line));
        Assert.Equal([1L, 3L], images[1].Boxes.Select(b => b.Source.Line));
        Assert.Empty(images[2].Boxes);
        Assert.Equal(4d, images[0].Boxes[0].XMax);
        Assert.Single(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task ReadAsync_UnknownCategory_QuarantinesUnknownClass()
    {
        using var dir = new TempDirectory();
        var path = dir.File("instances.json");
        await File.WriteAllTextAsync(path, """{"images":[{"id":1,"file_name":"a.jpg","width":10,"height":10}],"categories":[{"id":7,"name":"cat"}],"annotations":[{"image_id":1,"category_id":8,"bbox":[1,1,2,2]}]}""");

        var items = await ReadAllAsync(ManifestFormat.Coco, path);

        var rejected = Assert.Single(items.Rejected());
        Assert.Equal((QuarantineReasons.UnknownClass, 1L, "a.jpg"), (rejected.Reason, rejected.Line, rejected.Image));
        Assert.Empty(Assert.Single(items.Images()).Boxes);
    }

    [Fact]
    public async Task ReadAsync_ZeroSizeBox_QuarantinesDegenerateBox()
    {
        using var dir = new TempDirectory();
        var path = dir.File("instances.json");
        await File.WriteAllTextAsync(path, """{"images":[{"id":1,"file_name":"a.jpg","width":10,"height":10}],"categories":[{"id":7,"name":"cat"}],"annotations":[{"image_id":1,"category_id":7,"bbox":[1,1,0,2]}]}""");

        var rejected = Assert.Single((await ReadAllAsync(ManifestFormat.Coco, path)).Rejected());

        Assert.Equal(QuarantineReasons.DegenerateBox, rejected.Reason);
    }

    [Fact]
    public async Task ReadAsync_TruncatedJson_ThrowsTruncatedWithOffset()
    {
        using var dir = new TempDirectory();
        var path = dir.File("instances.json");
        var text = await File.ReadAllTextAsync(Val);
        await File.WriteAllTextAsync(path, text[..(text.Length / 2)]);

        var e = await Assert.ThrowsAsync<ManifestException>(() => ReadAllAsync(ManifestFormat.Coco, path));

        Assert.Contains(path, e.Message);
        Assert.Contains("truncated JSON", e.Message);
        Assert.Equal(new FileInfo(path).Length, e.Offset);
    }

    [Fact]
    public async Task ReadAsync_SyntaxError_ThrowsMalformedWithOffsetAndLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("instances.json");
        await File.WriteAllTextAsync(path, "{\"images\":[{\"id\":1,,}]}");

        var e = await Assert.ThrowsAsync<ManifestException>(() => ReadAllAsync(ManifestFormat.Coco, path));

        Assert.Contains("malformed JSON at line 1", e.Message);
        Assert.True(e.Offset >= 0);
    }

    [Fact]
    public async Task ReadAsync_ElementLargerThanBuffer_StillParses()
    {
        using var dir = new TempDirectory();
        var path = dir.File("instances.json");
        var polygon = string.Join(",", Enumerable.Range(0, 100_000).Select(i => (i % 10).ToString()));
        await File.WriteAllTextAsync(path, $$"""{"images":[{"id":1,"file_name":"a.jpg","width":10,"height":10}],"categories":[{"id":7,"name":"café 狸"}],"annotations":[{"image_id":1,"category_id":7,"segmentation":[[{{polygon}}]],"bbox":[1,1,2,2]}]}""");

        var box = Assert.Single(Assert.Single((await ReadAllAsync(ManifestFormat.Coco, path)).Images()).Boxes);

        Assert.Equal("café 狸", box.ClassName);
    }

    [Fact]
    public async Task ReadAsync_AnnotationsNotArray_ThrowsNamingField()
    {
        using var dir = new TempDirectory();
        var path = dir.File("instances.json");
        await File.WriteAllTextAsync(path, """{"info":{"a":[1,2]},"images":[],"annotations":{"x":1}}""");

        var e = await Assert.ThrowsAsync<ManifestException>(() => ReadAllAsync(ManifestFormat.Coco, path));

        Assert.Contains("'annotations' must be an array", e.Message);
    }
}
