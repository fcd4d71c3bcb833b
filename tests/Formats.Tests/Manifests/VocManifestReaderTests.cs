using Cluster.Formats.Manifests;
using Cluster.Tests.Shared;
using static Cluster.Formats.Tests.Manifests.ManifestTestHelpers;

namespace Cluster.Formats.Tests.Manifests;

public sealed class VocManifestReaderTests
{
    private static string Raccoon => RepoPaths.Data("annotations", "voc", "raccoon");

    [Fact]
    public async Task ReadAsync_RaccoonFolder_ReadsNineImagesWithFlagsAndPose()
    {
        var items = await ReadAllAsync(ManifestFormat.Voc, Raccoon);

        var images = items.Images();
        Assert.Empty(items.Rejected());
        Assert.Equal(9, images.Count);
        var r11 = images.Single(i => i.ImagePath == "raccoon-11.jpg");
        Assert.Equal((660, 432), (r11.StatedWidth!.Value, r11.StatedHeight!.Value));
        var box = Assert.Single(r11.Boxes);
        Assert.Equal((3d, 1d, 461d, 431d), (box.XMin, box.YMin, box.XMax, box.YMax));
        Assert.True(box.Truncated);
        Assert.False(box.Difficult);
        Assert.Equal("Unspecified", box.Pose);
        Assert.Equal("raccoon", box.ClassName);
        Assert.EndsWith("raccoon-11.xml", box.Source.File);
        Assert.True(box.Source.Line > 1);
        Assert.Contains(images, i => i.Boxes.Count > 1);
    }

    [Fact]
    public async Task ReadAsync_ImageSetsList_ReadsListedIdsOnly()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "Annotations"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "ImageSets", "Main"));
        foreach (var id in new[] { "raccoon-11", "raccoon-72", "raccoon-119" })
        {
            File.Copy(Path.Combine(Raccoon, "Annotations", id + ".xml"), Path.Combine(dir.Path, "Annotations", id + ".xml"));
        }

        var list = Path.Combine(dir.Path, "ImageSets", "Main", "train.txt");
        await File.WriteAllTextAsync(list, "raccoon-72\nraccoon-11\n");

        var images = (await ReadAllAsync(ManifestFormat.Voc, list)).Images();

        Assert.Equal(["raccoon-72.jpg", "raccoon-11.jpg"], images.Select(i => i.ImagePath));
    }

    [Fact]
    public async Task ReadAsync_MissingFlagsAndFloatCoordinates_DefaultsToZero()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("a.xml"),
            "<annotation><filename>a.jpg</filename><size><width>10</width><height>8</height></size>" +
            "<object><name>cat</name><bndbox><xmin>1.5</xmin><ymin>2</ymin><xmax>7.25</xmax><ymax>6</ymax></bndbox></object></annotation>");

        var box = Assert.Single(Assert.Single((await ReadAllAsync(ManifestFormat.Voc, dir.Path)).Images()).Boxes);

        Assert.Equal((1.5, 7.25, false, false, (string?)null), (box.XMin, box.XMax, box.Difficult, box.Truncated, box.Pose));
    }

    [Fact]
    public async Task ReadAsync_FileNameDisagreesWithXmlName_SaysWhichWasUsed()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("b.xml"),
            "<annotation><filename>zzz.jpg</filename><object><name>cat</name><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>7</xmax><ymax>6</ymax></bndbox></object></annotation>");
        var notices = new List<string>();

        var image = Assert.Single((await ReadAllAsync(ManifestFormat.Voc, dir.Path, new ManifestReadOptions { OnNotice = notices.Add })).Images());

        Assert.Equal("b.jpg", image.ImagePath);
        Assert.Contains(notices, n => n.Contains("zzz.jpg") && n.Contains("used 'b.jpg'"));
    }
}
