using Cluster.Formats.Manifests;
using Cluster.Tests.Shared;
using static Cluster.Formats.Tests.Manifests.ManifestTestHelpers;

namespace Cluster.Formats.Tests.Manifests;

public sealed class CsvManifestReaderTests
{
    [Fact]
    public async Task ReadAsync_RaccoonTestCsv_GroupsAll44RowsByFileName()
    {
        var path = RepoPaths.Data("tfrecords", "raccoon__test_labels.csv");
        var items = await ReadAllAsync(ManifestFormat.Csv, path);

        var images = items.Images();
        Assert.Empty(items.Rejected());
        Assert.Equal(44, images.Sum(i => i.Boxes.Count));
        Assert.Equal(File.ReadLines(path).Skip(1).Select(l => l.Split(',')[0]).Distinct().Count(), images.Count);
        var first = images[0];
        Assert.Equal("raccoon-146.jpg", first.ImagePath);
        Assert.Equal((275, 183), (first.StatedWidth!.Value, first.StatedHeight!.Value));
        Assert.Equal((4d, 4d, 271d, 180d), (first.Boxes[0].XMin, first.Boxes[0].YMin, first.Boxes[0].XMax, first.Boxes[0].YMax));
        Assert.Equal("raccoon", first.Boxes[0].ClassName);
        Assert.Equal(2, first.Boxes[0].Source.Line);
    }

    [Fact]
    public async Task ReadAsync_HeaderInOtherOrderWithQuotedSpaces_UsesHeaderNames()
    {
        using var dir = new TempDirectory();
        var path = dir.File("labels.csv");
        await File.WriteAllTextAsync(path, "class,xmin,ymin,xmax,ymax,filename,width,height\n\"dog, big\",1.5,2,30.25,40,\"my photo 1.jpg\",100,50\n");

        var image = Assert.Single((await ReadAllAsync(ManifestFormat.Csv, path)).Images());

        Assert.Equal("my photo 1.jpg", image.ImagePath);
        var box = Assert.Single(image.Boxes);
        Assert.Equal(("dog, big", 1.5, 30.25), (box.ClassName, box.XMin, box.XMax));
    }

    [Fact]
    public async Task ReadAsync_FileNameReappearsLater_MergesIntoOneImage()
    {
        using var dir = new TempDirectory();
        var path = dir.File("labels.csv");
        await File.WriteAllTextAsync(path, "filename,width,height,class,xmin,ymin,xmax,ymax\na.jpg,10,10,x,1,1,2,2\nb.jpg,10,10,x,1,1,2,2\na.jpg,10,10,y,3,3,4,4\n");

        var images = (await ReadAllAsync(ManifestFormat.Csv, path)).Images();

        Assert.Equal(["a.jpg", "b.jpg"], images.Select(i => i.ImagePath));
        Assert.Equal(["x", "y"], images[0].Boxes.Select(b => b.ClassName));
        Assert.Equal([2L, 4L], images[0].Boxes.Select(b => b.Source.Line));
    }

    [Fact]
    public async Task ReadAsync_NonNumericCoordinate_QuarantinesMalformedRowWithLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("labels.csv");
        await File.WriteAllTextAsync(path, "filename,width,height,class,xmin,ymin,xmax,ymax\na.jpg,10,10,x,1,1,2,2\na.jpg,10,10,x,one,1,2,2\n");

        var items = await ReadAllAsync(ManifestFormat.Csv, path);

        var rejected = Assert.Single(items.Rejected());
        Assert.Equal((QuarantineReasons.MalformedRow, 3L, "a.jpg"), (rejected.Reason, rejected.Line, rejected.Image));
        Assert.Equal(2, items.Sum(i => i.RowCount));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public async Task ReadAsync_NonFiniteCoordinate_QuarantinesDegenerateBox(string value)
    {
        using var dir = new TempDirectory();
        var path = dir.File("labels.csv");
        await File.WriteAllTextAsync(path, $"filename,width,height,class,xmin,ymin,xmax,ymax\na.jpg,10,10,x,{value},1,2,2\n");

        var rejected = Assert.Single((await ReadAllAsync(ManifestFormat.Csv, path)).Rejected());

        Assert.Equal((QuarantineReasons.DegenerateBox, 2L), (rejected.Reason, rejected.Line));
        Assert.Contains(value, rejected.Detail);
    }

    [Fact]
    public async Task ReadAsync_MissingColumn_ThrowsNamingFileAndColumn()
    {
        using var dir = new TempDirectory();
        var path = dir.File("labels.csv");
        await File.WriteAllTextAsync(path, "filename,width,height,xmin,ymin,xmax,ymax\na.jpg,10,10,1,1,2,2\n");

        var e = await Assert.ThrowsAsync<ManifestException>(() => ReadAllAsync(ManifestFormat.Csv, path));

        Assert.Contains(path, e.Message);
        Assert.Contains("'class'", e.Message);
    }

    [Fact]
    public async Task ReadAsync_Utf8ClassName_KeptExactly()
    {
        using var dir = new TempDirectory();
        var path = dir.File("labels.csv");
        await File.WriteAllTextAsync(path, "filename,width,height,class,xmin,ymin,xmax,ymax\na.jpg,10,10,café 狸,1,1,2,2\n");

        var image = Assert.Single((await ReadAllAsync(ManifestFormat.Csv, path)).Images());

        Assert.Equal("café 狸", image.Boxes[0].ClassName);
    }
}
