using System.Text;
using Cluster.Formats.Manifests;
using Cluster.Formats.Tests.Manifests;
using Cluster.Tests.Shared;
using static Cluster.Formats.Tests.Hostile.HostileManifests;
using static Cluster.Formats.Tests.Hostile.HostileRun;

namespace Cluster.Formats.Tests.Hostile;

/// <summary>Hostile CSV manifests: huge fields, wrong encodings, header tricks and non-finite coordinates.</summary>
public sealed class HostileCsvTests
{
    [Fact]
    public async Task ReadAsync_OneGiBSingleLineField_ThrowsAtItsLineWithBoundedMemory()
    {
        using var dir = new TempDirectory();
        var path = dir.File("huge.csv");
        await using (var file = File.Create(path))
        {
            file.Write(Encoding.UTF8.GetBytes(CsvHeader + "a.jpg,10,10,"));
            file.SetLength(1L << 30); // sparse: a 1 GiB class field of NUL characters, no newline
        }

        var (e, allocated) = await FailsAsync(ManifestFormat.Csv, path);

        Assert.Equal((path, 2L), (e.FilePath, e.Line));
        Assert.StartsWith($"{path}:2: a row longer than 16,777,216 characters", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 512 * MiB, $"allocated {allocated} bytes for a 1 GiB field");
    }

    [Fact]
    public async Task ReadAsync_UnterminatedQuote_ThrowsInsteadOfReadingToTheEnd()
    {
        using var dir = new TempDirectory();
        var path = dir.File("quote.csv");
        await using (var file = File.Create(path))
        {
            file.Write(Encoding.UTF8.GetBytes(CsvHeader + "a.jpg,10,10,cat,1,1,5,5\n\"b.jpg,10,10,cat,1,1,5,5\n"));
            file.SetLength(64L << 20);
        }

        var (e, _) = await FailsAsync(ManifestFormat.Csv, path);

        Assert.Equal(3, e.Line);
        Assert.Contains("unterminated quote", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DuplicateHeaderColumn_ThrowsAtLineOne()
    {
        // Found by the csv fuzzing harness: Sep's ArgumentException escaped the reader.
        using var dir = new TempDirectory();
        var path = dir.File("dup.csv");
        await File.WriteAllTextAsync(path, "filename,width,height,class,xmin,ymin,xmax,ymax,4,4\na.jpg,10,10,cat,1,1,5,5,0,0\n");

        var (e, _) = await FailsAsync(ManifestFormat.Csv, path);

        Assert.Equal(1, e.Line);
        Assert.StartsWith($"{path}:1: unreadable CSV: Col name '4' found 2 times", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Latin1Manifest_ThrowsNamingLineAndByteOffset()
    {
        using var dir = new TempDirectory();
        var path = dir.File("latin1.csv");
        await File.WriteAllBytesAsync(path, Encoding.Latin1.GetBytes(CsvHeader + "a.jpg,10,10,cat,1,1,5,5\nb.jpg,10,10,café,1,1,5,5\n"));

        var (e, _) = await FailsAsync(ManifestFormat.Csv, path);

        Assert.Equal(3, e.Line);
        Assert.Equal($"{path}:3: not valid UTF-8 at byte offset {CsvHeader.Length + 24 + 15}; save the manifest as UTF-8", e.Message);
    }

    [Fact]
    public async Task ReadAsync_InvalidUtf8InHeader_ThrowsAtLineOne()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.csv");
        await File.WriteAllBytesAsync(path, [0x66, 0xC3, 0x28, .. Encoding.UTF8.GetBytes("," + CsvHeader)]);

        var (e, _) = await FailsAsync(ManifestFormat.Csv, path);

        Assert.Equal($"{path}:1: not valid UTF-8 at byte offset 1; save the manifest as UTF-8", e.Message);
    }

    [Fact]
    public async Task ReadAsync_Utf16WithByteOrderMark_ReadsTheSameBoxesAsUtf8()
    {
        using var dir = new TempDirectory();
        var text = CsvHeader + "a.jpg,10,10,café 狸,1,1,5,5\n";
        await File.WriteAllTextAsync(dir.File("utf8.csv"), text);
        await File.WriteAllTextAsync(dir.File("utf16.csv"), text, Encoding.Unicode);

        var (utf16, _) = await ReadAsync(ManifestFormat.Csv, dir.File("utf16.csv"));
        var (utf8, _) = await ReadAsync(ManifestFormat.Csv, dir.File("utf8.csv"));

        var box = Assert.Single(Assert.Single(utf16.Images()).Boxes);
        Assert.Equal("café 狸", box.ClassName);
        Assert.Equal(Assert.Single(utf8.Images()).Boxes[0] with { Source = box.Source }, box);
    }

    [Fact]
    public async Task ReadAsync_Utf16WithoutByteOrderMark_ThrowsMissingColumn()
    {
        using var dir = new TempDirectory();
        var path = dir.File("utf16.csv");
        await File.WriteAllBytesAsync(path, Encoding.Unicode.GetBytes(CsvHeader + "a.jpg,10,10,cat,1,1,5,5\n"));

        var (e, _) = await FailsAsync(ManifestFormat.Csv, path);

        Assert.Equal($"{path}:1: header has no 'filename' column", e.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e999")]
    public async Task ReadAsync_NonFiniteCoordinate_QuarantinesDegenerateBoxAtItsLine(string value)
    {
        using var dir = new TempDirectory();
        var path = dir.File("labels.csv");
        await File.WriteAllTextAsync(path, CsvHeader + $"a.jpg,10,10,cat,1,1,5,5\na.jpg,10,10,cat,1,{value},5,5\n");

        var (items, _) = await ReadAsync(ManifestFormat.Csv, path);

        var entry = Assert.Single(items.Rejected());
        Assert.Equal((path, 3L, QuarantineReasons.DegenerateBox, "a.jpg"), (entry.SourceFile, entry.Line, entry.Reason, entry.Image));
        Assert.Contains("is not finite", entry.Detail, StringComparison.Ordinal);
        Assert.Single(Assert.Single(items.Images()).Boxes);
    }
}
