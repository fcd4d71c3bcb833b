using System.Text.Json;
using Cluster.Formats.Manifests;
using Cluster.Tests.Shared;

namespace Cluster.Formats.Tests.Manifests;

public sealed class ManifestModelTests
{
    [Fact]
    public void ManifestImage_JsonRoundTrip_KeepsEveryField()
    {
        var source = new SourceLocation("a.csv", 3);
        var image = new ManifestImage("dir/café 狸.jpg", 10, null,
            [new ManifestBox(1.5, 2, 3, 4, "café 狸", 7, true, false, "Left", true, 2.5, source) { Normalized = true }], source);

        var back = JsonSerializer.Deserialize<ManifestImage>(JsonSerializer.Serialize(image))!;

        Assert.Equal(image.ImagePath, back.ImagePath);
        Assert.Equal(image.StatedWidth, back.StatedWidth);
        Assert.Null(back.StatedHeight);
        Assert.Equal(image.Boxes[0], back.Boxes[0]);
        Assert.Equal(image.Source, back.Source);
    }

    [Fact]
    public async Task QuarantineWriter_Complete_PublishesJsonLinesAtomically()
    {
        using var dir = new TempDirectory();
        var path = dir.File("quarantine.jsonl");
        await using (var writer = new QuarantineWriter(path))
        {
            await writer.WriteAsync(new QuarantineEntry("a.csv", 2, "x.jpg", "café 狸", QuarantineReasons.MissingImage, "not found"));
            Assert.False(File.Exists(path));
            await writer.CompleteAsync();
        }

        var entry = Assert.Single(QuarantineWriter.ReadAll(path));
        Assert.Equal(("a.csv", 2L, "café 狸", QuarantineReasons.MissingImage), (entry.SourceFile, entry.Line, entry.ClassName, entry.Reason));
        Assert.Contains("\"reason\":\"missing-image\"", await File.ReadAllTextAsync(path));
        Assert.Single(Directory.EnumerateFiles(dir.Path));
    }
}
