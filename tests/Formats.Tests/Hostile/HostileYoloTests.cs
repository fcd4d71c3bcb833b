using Cluster.Formats.Manifests;
using Cluster.Formats.Tests.Manifests;
using Cluster.Tests.Shared;
using static Cluster.Formats.Tests.Hostile.HostileManifests;

namespace Cluster.Formats.Tests.Hostile;

/// <summary>Hostile YOLO datasets: a data.yaml that crashes the YAML scanner, non-finite and malformed label rows.</summary>
public sealed class HostileYoloTests
{
    private static string Dataset(TempDirectory dir, string yaml, string labels)
    {
        Directory.CreateDirectory(dir.File("train/images"));
        Directory.CreateDirectory(dir.File("train/labels"));
        File.WriteAllText(dir.File("data.yaml"), yaml);
        File.WriteAllBytes(dir.File("train/images/a.jpg"), []);
        File.WriteAllText(dir.File("train/labels/a.txt"), labels);
        return dir.Path;
    }

    [Fact]
    public async Task ReadAsync_YamlThatBreaksTheScanner_ThrowsManifestExceptionNamingTheFile()
    {
        // Found by the yolo fuzzing harness: YamlDotNet's scanner threw InvalidOperationException, which escaped.
        using var dir = new TempDirectory();
        var root = Dataset(dir, "1 0.1 0.4 0.0 0.35names: [trmages\nval: ../valid/images\n", "0 0.5 0.5 0.2 0.2\n");

        var (e, _) = await FailsAsync(ManifestFormat.Yolo, root);

        Assert.Equal(dir.File("data.yaml"), e.FilePath);
        Assert.StartsWith($"{dir.File("data.yaml")}: malformed YAML", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_YamlThatBreaksTheNodeLoader_ThrowsManifestExceptionNamingTheFile()
    {
        // Found by the yolo fuzzing harness (second run): YamlDotNet's YamlNode.ParseNode threw ArgumentException.
        using var dir = new TempDirectory();
        var root = Dataset(dir, "", "0 0.5 0.5 0.2 0.2\n");
        await File.WriteAllBytesAsync(dir.File("data.yaml"), [
            0x20, 0x3A, 0x20, 0x69, 0x6E, 0x3A, 0x20, 0x2E, 0x2E, 0x2F, 0x33, 0x35, 0x74, 0x73, 0x0A, 0x76, 0x61, 0x6C, 0x3A, 0x20, 0x20,
            0x6D, 0x65, 0xFF, 0x3A, 0x20, 0x5B, 0x74, 0x72, 0x61, 0x69, 0x57, 0x3A, 0x20, 0x69, 0x6E, 0x3A, 0x67, 0x2E, 0x2E, 0x2F, 0x33,
            0x35, 0x65, 0x73, 0x57, 0x3A, 0x20, 0x69, 0x6E, 0x3A, 0x67, 0x10, 0x2E, 0x2F, 0x33, 0x35, 0x5B, 0x27, 0x6C, 0x5F, 0x28, 0x27,
            0x2C, 0x3D]);

        var (e, _) = await FailsAsync(ManifestFormat.Yolo, root);

        Assert.StartsWith($"{dir.File("data.yaml")}: malformed YAML", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SplitEntryIsFilesystemRoot_ThrowsInsteadOfWalkingTheDisk()
    {
        // Found by the yolo fuzzing harness: "val: /" enumerated the whole filesystem and failed on /proc.
        using var dir = new TempDirectory();
        var root = Dataset(dir, "names: ['cat']\nval: /\n", "0 0.5 0.5 0.2 0.2\n");

        var (e, _) = await FailsAsync(ManifestFormat.Yolo, root);

        Assert.Equal($"{dir.File("data.yaml")}: val entry '/' resolves to /, outside the dataset folders {dir.Path} and {dir.Path}", e.Message);
    }

    [Fact]
    public async Task ReadAsync_PathKeyIsFilesystemRoot_Throws()
    {
        using var dir = new TempDirectory();
        var root = Dataset(dir, "path: /\nnames: ['cat']\ntrain: etc\n", "0 0.5 0.5 0.2 0.2\n");

        var (e, _) = await FailsAsync(ManifestFormat.Yolo, root);

        Assert.Contains("'path' resolves to the filesystem root /", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SplitEntryOutsideTheDataset_Throws()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("outside/images"));
        using var inner = new TempDirectory();
        var root = Dataset(inner, "names: ['cat']\ntrain: train/images\nval: " + dir.File("outside/images") + "\n", "0 0.5 0.5 0.2 0.2\n");

        var (e, _) = await FailsAsync(ManifestFormat.Yolo, root);

        Assert.Contains($"val entry '{dir.File("outside/images")}' resolves to", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_YamlAliasChain_ReadWithoutExpansion()
    {
        using var dir = new TempDirectory();
        var anchors = string.Join("\n", Enumerable.Range(1, 20).Select(i => $"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"));
        var root = Dataset(dir, $"a0: &a0 [x]\n{anchors}\nnames: ['cat']\ntrain: train/images\n", "0 0.5 0.5 0.2 0.2\n");

        var (items, allocated) = await ReadAsync(ManifestFormat.Yolo, root);

        Assert.Single(Assert.Single(items.Images()).Boxes);
        Assert.True(allocated < 64 * HostileRun.MiB, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData("0 nan 0.5 0.2 0.2")]
    [InlineData("0 0.5 Infinity 0.2 0.2")]
    [InlineData("0 0.5 0.5 1e999 0.2")]
    public async Task ReadAsync_NonFiniteLabelValue_QuarantinesDegenerateBoxAtItsLine(string row)
    {
        using var dir = new TempDirectory();
        var root = Dataset(dir, "names: ['cat']\ntrain: train/images\n", $"0 0.5 0.5 0.2 0.2\n{row}\n");

        var (items, _) = await ReadAsync(ManifestFormat.Yolo, root);

        var entry = Assert.Single(items.Rejected());
        Assert.Equal((dir.File("train/labels/a.txt"), 2L, QuarantineReasons.DegenerateBox), (entry.SourceFile, entry.Line, entry.Reason));
        Assert.Single(Assert.Single(items.Images()).Boxes);
    }

    [Fact]
    public async Task ReadAsync_BinaryGarbageLabelFile_QuarantinesEveryRowNotThrows()
    {
        using var dir = new TempDirectory();
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        var root = Dataset(dir, "names: ['cat']\ntrain: train/images\n", "");
        await File.WriteAllBytesAsync(dir.File("train/labels/a.txt"), garbage);

        var (items, _) = await ReadAsync(ManifestFormat.Yolo, root);

        Assert.Empty(Assert.Single(items.Images()).Boxes);
        Assert.NotEmpty(items.Rejected());
        Assert.All(items.Rejected(), e => Assert.Equal(QuarantineReasons.MalformedRow, e.Reason));
    }
}
