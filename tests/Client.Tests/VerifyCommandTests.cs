using Cluster.Tests.Shared;

namespace Cluster.Client.Tests;

public sealed class VerifyCommandTests
{
    private static readonly string Corrupt = CliRun.Data("CORRUPT-crlf-normalized__tfmodels-od-testdata__pets_examples.record");

    [Fact]
    public async Task Verify_IntactFilesFromOtherWriters_Exits0WithOneLineEach()
    {
        string[] files =
        [
            CliRun.Data("raccoon__test.record"), CliRun.Data("tfx-penguin__Split-train_data_tfrecord-00000-of-00001.gz"),
            CliRun.Data("datumaro-tfodapi__train.tfrecord"), CliRun.Data("datumaro-tfodapi__test.tfrecord"), CliRun.Data("tfrecord_lite__images.tfrecord"),
        ];

        var r = await CliRun.InProcessAsync(["verify", .. files]);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(files.Length, r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains($"ok {files[0]}: 40 records, 2464963 bytes uncompressed", r.Out, StringComparison.Ordinal);
        Assert.Contains($"ok {files[1]}: 234 records", r.Out, StringComparison.Ordinal);
        Assert.Equal("", r.Error);
    }

    [Fact]
    public async Task Verify_CorruptPetsRecord_Exits3WithOffsetMessage()
    {
        var r = await CliRun.InProcessAsync("verify", Corrupt);

        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"corrupted record at offset 0 in {Corrupt}", r.Error, StringComparison.Ordinal);
        Assert.Equal($"bad {Corrupt}\n", r.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Verify_TruncatedCopy_Exits3WithTruncatedMessage()
    {
        using var dir = new TempDirectory();
        var path = dir.File("cut.tfrecord");
        var bytes = File.ReadAllBytes(CliRun.Data("raccoon__test.record"));
        File.WriteAllBytes(path, bytes[..(54158 + 1000)]);

        var r = await CliRun.InProcessAsync("verify", path);

        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"truncated record at offset 54158 in {path}", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_IntactCorruptAndMissing_ChecksAllAndExits3()
    {
        var good = CliRun.Data("raccoon__test.record");

        var r = await CliRun.InProcessAsync("verify", "missing.tfrecord", Corrupt, good);

        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"ok {good}: 40 records", r.Out, StringComparison.Ordinal);
        Assert.Contains("error: file not found:", r.Error, StringComparison.Ordinal);
        Assert.Contains("error: corrupted record at offset 0", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MissingFile_Exits1()
    {
        var r = await CliRun.InProcessAsync("verify", CliRun.Data("raccoon__test.record"), "missing.tfrecord");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("missing.tfrecord", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NoFiles_Exits2()
    {
        var r = await CliRun.InProcessAsync("verify");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error:", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_Cancelled_Exits130()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var r = await CliRun.InProcessAsync(cancelled.Token, "verify", CliRun.Data("raccoon__test.record"));

        Assert.Equal(130, r.ExitCode);
        Assert.Contains("interrupted", r.Error, StringComparison.Ordinal);
    }
}
