using System.Text;
using Cluster.Formats.Manifests;
using Cluster.Formats.Tests.Manifests;
using Cluster.Tests.Shared;
using static Cluster.Formats.Tests.Hostile.HostileManifests;
using static Cluster.Formats.Tests.Hostile.HostileRun;

namespace Cluster.Formats.Tests.Hostile;

/// <summary>VOC XML cases beyond <see cref="VocHostileXmlTests"/> (XXE, billion laughs, DTDs, truncation, NaN):
/// wrong encodings, deep nesting, huge documents, infinite coordinates. Each ends as a quarantine entry naming the file and line.</summary>
public sealed class HostileVocTests
{
    private const string Object = "<object><name>cat</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object>";

    private static async Task<QuarantineEntry> RejectedAsync(TempDirectory dir, byte[] xml)
    {
        var path = dir.File("a.xml");
        await File.WriteAllBytesAsync(path, xml);
        var (items, _) = await ReadAsync(ManifestFormat.Voc, dir.Path);
        Assert.Empty(items.Images());
        var entry = Assert.Single(items.Rejected());
        Assert.Equal((path, QuarantineReasons.MalformedRow), (entry.SourceFile, entry.Reason));
        return entry;
    }

    [Fact]
    public async Task ReadAsync_Utf16BomWithGarbage_QuarantinedNotThrown()
    {
        // Found by the voc fuzzing harness: XmlReader.Create threw outside the reader's try block.
        using var dir = new TempDirectory();

        var entry = await RejectedAsync(dir, [0xFE, 0xFF, 0x00, 0x00, 0xF6, 0x12, 0xED, 0x0D]);

        Assert.Equal(1, entry.Line);
        Assert.Contains("Invalid character in the given encoding", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Latin1BytesWithoutDeclaration_QuarantinedAtTheirLine()
    {
        using var dir = new TempDirectory();

        var entry = await RejectedAsync(dir, Encoding.Latin1.GetBytes($"<annotation>\n<filename>a.jpg</filename>\n<object><name>café</name></object></annotation>"));

        Assert.Equal(3, entry.Line);
        Assert.Contains("malformed XML", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Latin1Declared_ReadsTheClassName()
    {
        using var dir = new TempDirectory();
        await File.WriteAllBytesAsync(dir.File("a.xml"), Encoding.Latin1.GetBytes(
            $"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><annotation><filename>a.jpg</filename>{Object.Replace("cat", "café")}</annotation>"));

        var (items, _) = await ReadAsync(ManifestFormat.Voc, dir.Path);

        Assert.Equal("café", Assert.Single(Assert.Single(items.Images()).Boxes).ClassName);
    }

    [Fact]
    public async Task ReadAsync_Utf16WithBom_ReadsTheBoxes()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("a.xml"), $"<annotation><filename>a.jpg</filename>{Object}</annotation>", Encoding.Unicode);

        var (items, _) = await ReadAsync(ManifestFormat.Voc, dir.Path);

        Assert.Single(Assert.Single(items.Images()).Boxes);
    }

    [Fact]
    public async Task ReadAsync_HundredThousandNestedElements_QuarantinedQuickly()
    {
        using var dir = new TempDirectory();
        var depth = 100_000;
        var xml = $"<annotation><filename>a.jpg</filename>{Object}<x>{string.Concat(Enumerable.Repeat("<n>", depth))}{string.Concat(Enumerable.Repeat("</n>", depth))}</x></annotation>";
        await File.WriteAllTextAsync(dir.File("a.xml"), xml);

        var (items, _) = await ReadAsync(ManifestFormat.Voc, dir.Path);

        // Found while writing this suite: XDocument.Load is quadratic in depth (this file took minutes); depth is now capped.
        var entry = Assert.Single(items.Rejected());
        Assert.Equal(1, entry.Line);
        Assert.Contains("malformed XML: elements are nested deeper than 64 levels", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DocumentAbove64MiBCharacters_QuarantinedWithBoundedMemory()
    {
        using var dir = new TempDirectory();
        var path = dir.File("a.xml");
        await using (var file = File.Create(path))
        {
            file.Write("<annotation><filename>a.jpg</filename><pad>"u8);
            var spaces = new byte[MiB];
            spaces.AsSpan().Fill((byte)' ');
            for (var i = 0; i < 100; i++)
            {
                file.Write(spaces);
            }

            file.Write("</pad></annotation>"u8);
        }

        var (items, allocated) = await ReadAsync(ManifestFormat.Voc, dir.Path);

        var entry = Assert.Single(items.Rejected());
        Assert.Contains("malformed XML", entry.Detail, StringComparison.Ordinal);
        Assert.True(allocated < 1024 * MiB, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e999")]
    public async Task ReadAsync_InfiniteCoordinate_QuarantinesDegenerateBox(string value)
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("a.xml"), $"<annotation><filename>a.jpg</filename>\n{Object.Replace("<xmax>5</xmax>", $"<xmax>{value}</xmax>")}</annotation>");

        var (items, _) = await ReadAsync(ManifestFormat.Voc, dir.Path);

        var entry = Assert.Single(items.Rejected());
        Assert.Equal((QuarantineReasons.DegenerateBox, 2L, "cat"), (entry.Reason, entry.Line, entry.ClassName));
    }
}
