using System.Text.Json;

namespace Cluster.Client.Tests;

public sealed class InspectCommandTests
{
    private static readonly string Raccoon = CliRun.Data("raccoon__test.record");

    [Fact]
    public async Task Inspect_RaccoonRecord_PrintsCountKeysAndFirstRecordWithoutImageBytes()
    {
        var r = await CliRun.InProcessAsync("inspect", Raccoon, "--records", "2");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"{Raccoon}: 40 records, 2464963 bytes uncompressed, compression none", r.Out, StringComparison.Ordinal);
        Assert.Matches(@"image/object/bbox/xmin\s+│ float_list │ 40\s+│ 1-2\s+│ 44", r.Out);
        Assert.Matches(@"image/height\s+│ int64_list │ 40\s+│ 1\s+│ 40", r.Out);
        Assert.Contains("record 0 (offset 0, 54142 bytes):", r.Out, StringComparison.Ordinal);
        Assert.Contains("record 1 (offset 54158,", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("record 2 (", r.Out, StringComparison.Ordinal);
        Assert.Contains("'raccoon-129.jpg'", r.Out, StringComparison.Ordinal);
        Assert.Contains("<53737 bytes>", r.Out, StringComparison.Ordinal);
        Assert.Contains("0.22222222", r.Out, StringComparison.Ordinal);
        Assert.Equal("", r.Error);
    }

    [Fact]
    public async Task InspectJson_RaccoonRecord_IsOneObjectWithCountsAndValues()
    {
        var r = await CliRun.InProcessAsync("inspect", Raccoon, "--json", "--records", "3");

        Assert.Equal(0, r.ExitCode);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal(40, json.GetProperty("records").GetInt64());
        Assert.Equal("none", json.GetProperty("compression").GetString());
        var xmin = json.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "image/object/bbox/xmin");
        Assert.Equal(("float_list", 40, 44), (xmin.GetProperty("kind").GetString(), xmin.GetProperty("records").GetInt64(), xmin.GetProperty("totalValues").GetInt64()));
        var first = json.GetProperty("firstRecords");
        Assert.Equal(3, first.GetArrayLength());
        var features = first[0].GetProperty("features");
        Assert.Equal(53737, features.GetProperty("image/encoded").GetProperty("values")[0].GetProperty("bytes").GetInt32());
        Assert.Equal("raccoon-129.jpg", features.GetProperty("image/filename").GetProperty("values")[0].GetString());
        Assert.Equal((float)(142.0 / 639), features.GetProperty("image/object/bbox/xmin").GetProperty("values")[0].GetSingle());
        Assert.Equal(639, features.GetProperty("image/width").GetProperty("values")[0].GetInt64());
    }

    [Fact]
    public async Task InspectJson_PenguinGzip_DetectsCompressionAndCounts234()
    {
        var r = await CliRun.InProcessAsync("inspect", CliRun.Data("tfx-penguin__Split-train_data_tfrecord-00000-of-00001.gz"), "--json", "--records", "0");

        Assert.Equal(0, r.ExitCode);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal(("gzip", 234L), (json.GetProperty("compression").GetString(), json.GetProperty("records").GetInt64()));
        Assert.Equal(0, json.GetProperty("firstRecords").GetArrayLength());
        Assert.NotEqual(0, json.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task Inspect_CorruptRecord_Exits3NamingOffsetAndFile()
    {
        var path = CliRun.Data("CORRUPT-crlf-normalized__tfmodels-od-testdata__pets_examples.record");

        var r = await CliRun.InProcessAsync("inspect", path);

        Assert.Equal(3, r.ExitCode);
        Assert.StartsWith($"error: corrupted record at offset 0 in {path}", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_MissingFile_Exits1WithClearMessage()
    {
        var r = await CliRun.InProcessAsync("inspect", "no-such-file.tfrecord");

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error: file not found: ", r.Error, StringComparison.Ordinal);
        Assert.Contains("no-such-file.tfrecord", r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--records", "-1")]
    [InlineData("--records", "many")]
    [InlineData("--bogus")]
    public async Task Inspect_BadOption_Exits2(params string[] extra)
    {
        var r = await CliRun.InProcessAsync(["inspect", Raccoon, .. extra]);

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: ", r.Error, StringComparison.Ordinal);
        Assert.Equal("", r.Out);
    }
}
