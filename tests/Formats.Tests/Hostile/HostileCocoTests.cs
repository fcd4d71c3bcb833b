using System.Text;
using Cluster.Formats.Manifests;
using Cluster.Formats.Tests.Manifests;
using Cluster.Tests.Shared;
using static Cluster.Formats.Tests.Hostile.HostileManifests;
using static Cluster.Formats.Tests.Hostile.HostileRun;

namespace Cluster.Formats.Tests.Hostile;

/// <summary>Hostile COCO JSON: deep nesting, huge values, invalid UTF-8, non-finite numbers, byte-order marks.</summary>
public sealed class HostileCocoTests
{
    private const string Categories = "\"categories\":[{\"id\":1,\"name\":\"cat\"}]";
    private const string OneImage = "\"images\":[{\"id\":1,\"file_name\":\"a.jpg\",\"width\":10,\"height\":10}]";

    private static string Annotation(string bbox = "[1,1,4,4]", string extra = "") =>
        $"{{\"id\":1,\"image_id\":1,\"category_id\":1,\"bbox\":{bbox}{extra}}}";

    private static async Task<string> WriteAsync(TempDirectory dir, byte[] json)
    {
        var path = dir.File("instances.json");
        await File.WriteAllBytesAsync(path, json);
        return path;
    }

    private static Task<string> WriteAsync(TempDirectory dir, string json) => WriteAsync(dir, Encoding.UTF8.GetBytes(json));

    [Fact]
    public async Task ReadAsync_PropertyNameNotValidUtf8_ThrowsWithOffset()
    {
        // Found by the coco fuzzing harness: Utf8JsonReader.GetString's InvalidOperationException escaped the reader.
        using var dir = new TempDirectory();
        var path = await WriteAsync(dir, [.. "{\"images\":[],\""u8, 0xFF, 0xFE, .. "\":1}"u8]);

        var (e, _) = await FailsAsync(ManifestFormat.Coco, path);

        Assert.Equal((path, 13L), (e.FilePath, e.Offset)); // the opening quote of the name
        Assert.StartsWith($"{path}: unreadable JSON string (Cannot transcode invalid UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_CategoryNameNotValidUtf8_AnnotationQuarantinedNotThrown()
    {
        using var dir = new TempDirectory();
        var path = await WriteAsync(dir, [.. Encoding.UTF8.GetBytes($"{{{OneImage},\"categories\":[{{\"id\":1,\"name\":\"c"), 0xC3, 0x28,
            .. Encoding.UTF8.GetBytes($"\"}}],\"annotations\":[{Annotation()}]}}")]);

        var (items, _) = await ReadAsync(ManifestFormat.Coco, path);

        var entry = Assert.Single(items.Rejected());
        Assert.Equal((path, 1L, QuarantineReasons.UnknownClass), (entry.SourceFile, entry.Line, entry.Reason));
    }

    [Fact]
    public async Task ReadAsync_MillionNestedArraysInSkippedValue_ThrowsDepthErrorWithBoundedMemory()
    {
        using var dir = new TempDirectory();
        const int depth = 1_000_000;
        var path = await WriteAsync(dir, $"{{\"info\":{new string('[', depth)}{new string(']', depth)},{OneImage},{Categories},\"annotations\":[]}}");

        var (e, allocated) = await FailsAsync(ManifestFormat.Coco, path);

        Assert.Contains("malformed JSON at line 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("depth", e.Message, StringComparison.Ordinal);
        Assert.InRange(e.Offset, 8, 8 + 65);
        Assert.True(allocated < 64 * MiB, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task ReadAsync_DeeplyNestedSegmentationInAnnotation_ThrowsDepthErrorWithOffset()
    {
        using var dir = new TempDirectory();
        const int depth = 100_000;
        var segmentation = $",\"segmentation\":{new string('[', depth)}{new string(']', depth)}";
        var path = await WriteAsync(dir, $"{{{OneImage},{Categories},\"annotations\":[{Annotation(extra: segmentation)}]}}");

        var (e, _) = await FailsAsync(ManifestFormat.Coco, path);

        Assert.Contains("depth", e.Message, StringComparison.Ordinal);
        Assert.True(e.Offset > 0, e.Message);
    }

    [Fact]
    public async Task ReadAsync_ValueLargerThanLimit_ThrowsAtItsOffsetWithBoundedMemory()
    {
        using var dir = new TempDirectory();
        var head = $"{{{OneImage},{Categories},\"annotations\":[";
        var path = await WriteAsync(dir, $"{head}{Annotation(extra: $",\"note\":\"{new string('x', 32 << 20)}\"")}]}}");
        var options = new ManifestReadOptions { MaxJsonValueBytes = 4 * MiB };

        var (error, allocated) = await FailsAsync<ManifestException>(() => ManifestReaders.ReadAsync(ManifestFormat.Coco, path, options).ToBlockingEnumerable().ToList());

        Assert.Contains("a single JSON value longer than 4194304 bytes (ManifestReadOptions.MaxJsonValueBytes) starts at byte offset", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 32 * MiB, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task ReadAsync_ImagesArrayLargerThanValueLimit_StillReadBecauseSkippedValuesStream()
    {
        using var dir = new TempDirectory();
        var images = string.Join(',', Enumerable.Range(1, 50_000).Select(i => $"{{\"id\":{i},\"file_name\":\"img-{i:D6}.jpg\",\"width\":10,\"height\":10}}"));
        var path = await WriteAsync(dir, $"{{\"images\":[{images}],{Categories},\"annotations\":[{Annotation()}]}}");
        var options = new ManifestReadOptions { MaxJsonValueBytes = 1 * MiB };
        Assert.True(new FileInfo(path).Length > 3 * MiB);

        var (items, _) = await MeasuredAsync(() => ManifestReaders.ReadAsync(ManifestFormat.Coco, path, options).ToBlockingEnumerable().ToList());

        Assert.Equal(50_000, items.Images().Count);
        Assert.Single(items.Images().Single(i => i.ImagePath == "img-000001.jpg").Boxes);
    }

    [Theory]
    [InlineData("[1e999,1,4,4]")]
    [InlineData("[1,1,-1e999,4]")]
    public async Task ReadAsync_InfiniteBboxNumber_QuarantinedAtItsAnnotation(string bbox)
    {
        using var dir = new TempDirectory();
        var path = await WriteAsync(dir, $"{{{OneImage},{Categories},\"annotations\":[{Annotation()},{Annotation(bbox)}]}}");

        var (items, _) = await ReadAsync(ManifestFormat.Coco, path);

        var entry = Assert.Single(items.Rejected());
        Assert.Equal((path, 2L), (entry.SourceFile, entry.Line));
        Assert.Contains(entry.Reason, new[] { QuarantineReasons.MalformedRow, QuarantineReasons.DegenerateBox });
        Assert.Single(Assert.Single(items.Images()).Boxes);
    }

    [Fact]
    public async Task ReadAsync_NaNLiteral_ThrowsMalformedJsonWithOffset()
    {
        using var dir = new TempDirectory();
        var head = $"{{{OneImage},{Categories},\"annotations\":[";
        var path = await WriteAsync(dir, $"{head}{Annotation("[NaN,1,4,4]")}]}}");

        var (e, _) = await FailsAsync(ManifestFormat.Coco, path);

        Assert.Contains("malformed JSON", e.Message, StringComparison.Ordinal);
        Assert.True(e.Offset >= head.Length, e.Message);
    }

    [Fact]
    public async Task ReadAsync_Utf8ByteOrderMark_ReadLikeWithout()
    {
        using var dir = new TempDirectory();
        var path = await WriteAsync(dir, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes($"{{{OneImage},{Categories},\"annotations\":[{Annotation()}]}}")]);

        var (items, _) = await ReadAsync(ManifestFormat.Coco, path);

        Assert.Single(Assert.Single(items.Images()).Boxes);
    }

    [Fact]
    public async Task ReadAsync_Utf16Json_ThrowsMalformedAtOffsetZero()
    {
        using var dir = new TempDirectory();
        var path = await WriteAsync(dir, Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes($"{{{OneImage}}}")).ToArray());

        var (e, _) = await FailsAsync(ManifestFormat.Coco, path);

        Assert.Equal(0, e.Offset);
        Assert.Contains("malformed JSON at line 1", e.Message, StringComparison.Ordinal);
    }
}
