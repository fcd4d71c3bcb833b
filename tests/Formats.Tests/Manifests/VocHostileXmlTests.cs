using Cluster.Formats.Manifests;
using Cluster.Tests.Shared;
using static Cluster.Formats.Tests.Manifests.ManifestTestHelpers;

namespace Cluster.Formats.Tests.Manifests;

/// <summary>Hostile or broken VOC XML: each becomes one malformed-row quarantine entry naming the file and line.</summary>
public sealed class VocHostileXmlTests
{
    private const string Object = "<object><name>cat</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object>";

    private static async Task<QuarantineEntry> ReadRejectedAsync(TempDirectory dir, string xml)
    {
        var path = dir.File("a.xml");
        await File.WriteAllTextAsync(path, xml);
        var items = await ReadAllAsync(ManifestFormat.Voc, dir.Path);
        Assert.Empty(items.Images());
        var entry = Assert.Single(items.Rejected());
        Assert.Equal((path, QuarantineReasons.MalformedRow), (entry.SourceFile, entry.Reason));
        Assert.True(entry.Line >= 1, $"line {entry.Line}: {entry.Detail}");
        return entry;
    }

    [Fact]
    public async Task ReadAsync_ExternalEntity_RefusedWithoutReadingIt()
    {
        using var dir = new TempDirectory();
        var secret = dir.File("secret.txt");
        await File.WriteAllTextAsync(secret, "TOP-SECRET");

        var entry = await ReadRejectedAsync(dir, $"""
            <?xml version="1.0"?>
            <!DOCTYPE annotation [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
            <annotation><filename>&xxe;</filename>{Object}</annotation>
            """);

        Assert.Contains("DTD", entry.Detail);
        Assert.DoesNotContain("TOP-SECRET", entry.Detail);
    }

    [Fact]
    public async Task ReadAsync_BillionLaughs_RefusedBeforeExpansion()
    {
        using var dir = new TempDirectory();
        var entities = string.Join("\n", Enumerable.Range(1, 9).Select(i => $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">"));

        var entry = await ReadRejectedAsync(dir, $"""
            <?xml version="1.0"?>
            <!DOCTYPE lolz [ <!ENTITY lol0 "lol"> {entities} ]>
            <annotation><filename>&lol9;</filename>{Object}</annotation>
            """);

        Assert.Contains("DTD", entry.Detail);
    }

    [Fact]
    public async Task ReadAsync_PlainDoctype_Refused()
    {
        using var dir = new TempDirectory();

        var entry = await ReadRejectedAsync(dir, $"""
            <?xml version="1.0"?>
            <!DOCTYPE annotation SYSTEM "voc.dtd">
            <annotation><filename>a.jpg</filename>{Object}</annotation>
            """);

        Assert.Equal(2, entry.Line);
        Assert.Contains("DTDs and external entities are not allowed", entry.Detail);
    }

    [Fact]
    public async Task ReadAsync_TruncatedXml_QuarantinedWithLine()
    {
        using var dir = new TempDirectory();

        var entry = await ReadRejectedAsync(dir, "<annotation>\n<filename>a.jpg</filename>\n<object><name>cat</name><bndbox><xmin>1</xmin>");

        Assert.Contains("truncated XML", entry.Detail);
        Assert.Contains("a.xml", entry.Detail);
    }

    [Fact]
    public async Task ReadAsync_OneBadFileAmongGood_OthersStillRead()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("a.xml"), "<annotation><filename>a.jpg</filename>");
        await File.WriteAllTextAsync(dir.File("b.xml"), $"<annotation><filename>b.jpg</filename>{Object}</annotation>");

        var items = await ReadAllAsync(ManifestFormat.Voc, dir.Path);

        Assert.Equal("b.jpg", Assert.Single(items.Images()).ImagePath);
        Assert.Single(items.Rejected());
    }

    [Fact]
    public async Task ReadAsync_NaNCoordinate_QuarantinesDegenerateBox()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("a.xml"), "<annotation><filename>a.jpg</filename>\n<object><name>cat</name><bndbox><xmin>NaN</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>");

        var items = await ReadAllAsync(ManifestFormat.Voc, dir.Path);

        var entry = Assert.Single(items.Rejected());
        Assert.Equal((QuarantineReasons.DegenerateBox, 2L, "cat"), (entry.Reason, entry.Line, entry.ClassName));
        Assert.Empty(Assert.Single(items.Images()).Boxes);
    }
}
