using Cluster.Formats.Images;
using Cluster.Formats.Manifests;
using Cluster.Formats.Tests.Images;
using Cluster.Formats.Tests.Manifests;
using Cluster.Tests.Shared;
using SixLabors.ImageSharp;
using static Cluster.Formats.Tests.Hostile.HostileManifests;

namespace Cluster.Formats.Tests.Hostile;

/// <summary>Image paths from real manifest files (not hand-built models) that try to leave the images root: "../",
/// absolute paths, symbolic-link loops. Each image is quarantined as path-escapes-root, naming the manifest row.</summary>
public sealed class HostilePathTests
{
    private static TempDirectory Layout(out string root)
    {
        var dir = new TempDirectory();
        root = dir.File("images");
        Directory.CreateDirectory(root);
        File.WriteAllBytes(dir.File("secret.jpg"), TestImages.Jpeg(8, 8, new Rectangle(0, 0, 1, 1)));
        return dir;
    }

    private static async Task<List<QuarantineEntry>> BuildAllAsync(ManifestFormat format, string manifest, string root)
    {
        var (items, _) = await ReadAsync(format, manifest);
        var builder = RecordBuilders.For(root, new ImageOptions(), "cat");
        var results = await HostileRun.MeasuredAsync(() => items.Images().Select(builder.Build).ToList());
        Assert.All(results.Result, r => Assert.Null(r.ExampleBytes));
        return results.Result.SelectMany(r => r.Quarantined).ToList();
    }

    [Fact]
    public async Task CsvRows_DotDotAndAbsolutePaths_QuarantinedAsPathEscapesRoot()
    {
        using var dir = Layout(out var root);
        var csv = dir.File("labels.csv");
        await File.WriteAllTextAsync(csv, CsvHeader +
            "../secret.jpg,8,8,cat,1,1,5,5\n" +
            $"{dir.File("secret.jpg")},8,8,cat,1,1,5,5\n" +
            "sub/../../secret.jpg,8,8,cat,1,1,5,5\n" +
            "/etc/passwd,8,8,cat,1,1,5,5\n");

        var entries = await BuildAllAsync(ManifestFormat.Csv, csv, root);

        Assert.Equal(4, entries.Count);
        Assert.All(entries, e => Assert.Equal(QuarantineReasons.PathEscapesRoot, e.Reason));
        Assert.Equal([2L, 3, 4, 5], entries.Select(e => e.Line).Order());
        Assert.All(entries, e => Assert.Equal(csv, e.SourceFile));
    }

    [Fact]
    public async Task CocoFileName_DotDot_QuarantinedAsPathEscapesRoot()
    {
        using var dir = Layout(out var root);
        var json = dir.File("instances.json");
        await File.WriteAllTextAsync(json, """
            {"images":[{"id":1,"file_name":"../secret.jpg","width":8,"height":8}],
             "categories":[{"id":1,"name":"cat"}],
             "annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[1,1,4,4]}]}
            """);

        var entry = Assert.Single(await BuildAllAsync(ManifestFormat.Coco, json, root));

        Assert.Equal((QuarantineReasons.PathEscapesRoot, "../secret.jpg"), (entry.Reason, entry.Image));
    }

    [Fact]
    public async Task YoloDarknetList_EntriesOutsideTheDataset_QuarantinedAsPathEscapesRoot()
    {
        using var dir = Layout(out var root);
        await File.WriteAllTextAsync(Path.Combine(root, "obj.names"), "cat\n");
        await File.WriteAllTextAsync(Path.Combine(root, "obj.data"), "classes = 1\ntrain = train.txt\nnames = obj.names\n");
        await File.WriteAllTextAsync(Path.Combine(root, "train.txt"), $"../secret.jpg\n{dir.File("secret.jpg")}\n");

        var entries = await BuildAllAsync(ManifestFormat.Yolo, root, root);

        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(QuarantineReasons.PathEscapesRoot, e.Reason));
    }

    [Fact]
    public async Task SymlinkLoop_QuarantinedWithoutHanging()
    {
        using var dir = Layout(out var root);
        File.CreateSymbolicLink(Path.Combine(root, "a.jpg"), Path.Combine(root, "b.jpg"));
        File.CreateSymbolicLink(Path.Combine(root, "b.jpg"), Path.Combine(root, "a.jpg"));
        var csv = dir.File("labels.csv");
        await File.WriteAllTextAsync(csv, CsvHeader + "a.jpg,8,8,cat,1,1,5,5\n");

        var entry = Assert.Single(await BuildAllAsync(ManifestFormat.Csv, csv, root));

        Assert.Equal(QuarantineReasons.PathEscapesRoot, entry.Reason);
        Assert.Contains("too many levels of symbolic links", entry.Detail, StringComparison.Ordinal);
    }
}
