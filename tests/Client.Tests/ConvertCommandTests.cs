using Cluster.Formats.LabelMaps;
using Cluster.Formats.Manifests;
using Cluster.Tests.Shared;

namespace Cluster.Client.Tests;

/// <summary><c>cluster convert</c> through <see cref="Cli.RunAsync"/> on the real annotation samples, on an embedded silo.</summary>
public sealed class ConvertCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("cluster-convert");

    public void Dispose() => _temp.Dispose();

    private static string Sample(params string[] parts) => RepoPaths.Data(["annotations", .. parts]);

    [Fact]
    public async Task Convert_VocRaccoon_ShardsIndexesSummaryAndLabelMap()
    {
        var outDir = _temp.File("voc");

        var r = await CliRun.InProcessAsync("convert", "--format", "voc", "--manifest", Sample("voc", "raccoon"), "--out", outDir, "--shards", "4");

        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^job data-[0-9a-f]{12} completed: 9 images, \d+ boxes, 0 rows quarantined, 4 shards in ", r.Out);
        var (summary, examples, quarantined) = ConvertOutput.Check(outDir, 4);
        Assert.Equal(9, examples.Count);
        Assert.Empty(quarantined);
        Assert.Equal(summary.BoxesWritten, summary.BoxesPerClass["raccoon"]);
        Assert.Equal(summary.BoxesWritten, summary.Shards.Sum(s => s.BoxesPerClass.GetValueOrDefault("raccoon")));
        Assert.Equal([new LabelMapItem(1, "raccoon")], LabelMap.Load(Path.Combine(outDir, "label_map.pbtxt")).Items);
    }

    [Fact]
    public async Task Convert_SameCommandInTwoFolders_ByteIdenticalShards()
    {
        string[] Args(string dir) => ["convert", "--format", "voc", "--manifest", Sample("voc", "raccoon"), "--out", dir, "--shards", "3", "--seed", "9"];
        var a = _temp.File("a");
        var b = _temp.File("b");

        Assert.Equal(0, (await CliRun.InProcessAsync(Args(a))).ExitCode);
        Assert.Equal(0, (await CliRun.InProcessAsync(Args(b))).ExitCode);

        foreach (var shard in Directory.EnumerateFiles(a, "data-*"))
        {
            Assert.Equal(File.ReadAllBytes(shard), File.ReadAllBytes(Path.Combine(b, Path.GetFileName(shard))));
        }
    }

    [Fact]
    public async Task Convert_CsvRowsWithoutImages_QuarantinedAndExit4OverLimit()
    {
        var outDir = _temp.File("csv");

        var r = await CliRun.InProcessAsync("convert", "--format", "csv", "--manifest", Sample("csv", "raccoon", "test_labels.csv"),
            "--images", Sample("voc", "raccoon", "JPEGImages"), "--out", outDir, "--shards", "2", "--max-quarantined", "0");

        Assert.Equal(4, r.ExitCode);
        Assert.Contains("more than --max-quarantined 0 allows", r.Error, StringComparison.Ordinal);
        var (summary, _, quarantined) = ConvertOutput.Check(outDir, 2);
        Assert.True(summary.RowsQuarantined > 0);
        Assert.Equal(summary.RowsQuarantined, quarantined.Count);
        Assert.Equal(summary.RowsQuarantined, summary.QuarantinedByReason[QuarantineReasons.MissingImage]);
        Assert.Equal(File.ReadLines(Sample("csv", "raccoon", "test_labels.csv")).Count() - 1, summary.RowsRead);
    }

    [Fact]
    public async Task Convert_CocoGzip_CompressedShardsWithoutIndex()
    {
        var outDir = _temp.File("coco");

        var r = await CliRun.InProcessAsync("convert", "--format", "coco", "--manifest", Sample("coco", "datumaro-coco_instances", "annotations", "instances_train.json"),
            "--out", outDir, "--shards", "2", "--compression", "gzip", "--name", "coco");

        Assert.Equal(0, r.ExitCode);
        var (summary, examples, _) = ConvertOutput.Check(outDir, 2, "coco", ".tfrecord.gz");
        Assert.Equal("gzip", summary.Compression);
        Assert.Equal("a.jpg", Assert.Single(examples).Filename);
    }

    [Theory]
    [InlineData("datumaro-roboflow-yolo")]
    [InlineData("datumaro-yolo-strict")]
    public async Task Convert_YoloLayouts_EveryRowAccountedFor(string dataset)
    {
        var outDir = _temp.File(dataset);

        var r = await CliRun.InProcessAsync("convert", "--format", "yolo", "--manifest", Sample("yolo", dataset), "--out", outDir, "--shards", "2");

        Assert.Equal(0, r.ExitCode);
        var (summary, examples, _) = ConvertOutput.Check(outDir, 2);
        Assert.NotEmpty(examples);
        Assert.True(summary.RowsRead > 0);
    }

    [Fact]
    public async Task Convert_NotATerminal_PlainProgressLinesOnStderrOnly()
    {
        var r = await CliRun.InProcessAsync("convert", "--format", "voc", "--manifest", Sample("voc", "raccoon"), "--out", _temp.File("plain"), "--shards", "1");

        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"job data-[0-9a-f]{12}: planning", r.Error);
        Assert.DoesNotContain("\u001b[", r.Error, StringComparison.Ordinal);
        Assert.Single(r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("--shards", "0")]
    [InlineData("--compression", "zstd")]
    [InlineData("--box-frame", "sideways")]
    [InlineData("--no-wait")]
    [InlineData("--cluster", "no-port-here")]
    public async Task Convert_BadArguments_Exit2(params string[] extra)
    {
        var r = await CliRun.InProcessAsync(["convert", "--format", "voc", "--manifest", Sample("voc", "raccoon"), "--out", _temp.File("bad"), "--shards", "2", .. extra]);

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error:", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_ManifestNotInTheStatedFormat_Exit1WithPlanningError()
    {
        var csv = Sample("csv", "raccoon", "test_labels.csv");

        var r = await CliRun.InProcessAsync("convert", "--format", "coco", "--manifest", csv, "--out", _temp.File("wrong"), "--shards", "1");

        Assert.Equal(1, r.ExitCode);
        Assert.Matches(@"error: job data-[0-9a-f]{12} failed: planning: ", r.Error);
        Assert.Contains("test_labels.csv", r.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_temp.File("wrong"), "summary.json")));
    }

    [Fact]
    public async Task Convert_MissingManifest_Exit1NamingIt()
    {
        var missing = _temp.File("nope.csv");

        var r = await CliRun.InProcessAsync("convert", "--format", "csv", "--manifest", missing, "--out", _temp.File("o"), "--shards", "1");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains(missing, r.Error, StringComparison.Ordinal);
    }
}
