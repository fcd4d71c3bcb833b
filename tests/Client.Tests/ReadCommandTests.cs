using Cluster.Tests.Shared;

namespace Cluster.Client.Tests;

public sealed class ReadCommandTests
{
    private static readonly string Corrupt = CliRun.Data("CORRUPT-crlf-normalized__tfmodels-od-testdata__pets_examples.record");

    [Fact]
    public async Task Read_IdsSameSeed_SameBatches_DifferentSeed_Different()
    {
        using var dir = new TempDirectory();
        var all = ReadShards.Write(dir.Path, 9, 4, 7, 5);

        var a = await CliRun.InProcessAsync("read", "--data", dir.Path, "--batch", "4", "--seed", "7", "--ids", "--cycle", "2", "--buffer", "8");
        var b = await CliRun.InProcessAsync("read", "--data", dir.Path, "--batch", "4", "--seed", "7", "--ids", "--cycle", "2", "--buffer", "8");
        var c = await CliRun.InProcessAsync("read", "--data", dir.Path, "--batch", "4", "--seed", "8", "--ids", "--cycle", "2", "--buffer", "8");

        Assert.Equal((0, 0, 0), (a.ExitCode, b.ExitCode, c.ExitCode));
        Assert.Equal(a.Out, b.Out);
        Assert.NotEqual(a.Out, c.Out);
        var batches = ReadShards.Batches(a.Out);
        Assert.Equal(7, batches.Length); // 25 records: 6 batches of 4 and one of 1
        Assert.Equal(all.Order(), batches.SelectMany(x => x).Order());
        Assert.Matches(@"epoch 0: rank 0 of 1: 7 batches, 25 records, .* records/s", a.Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Read_ThreeRanks_DisjointCoverEveryRecord_EqualBatchCounts(bool dropLast)
    {
        using var dir = new TempDirectory();
        var all = ReadShards.Write(dir.Path, 9, 4, 7, 6); // 26 records: 9 per rank padded, 8 with --drop-last
        var shares = new List<string[][]>();
        for (var rank = 0; rank < 3; rank++)
        {
            string[] args = ["read", "--data", dir.Path, "--batch", "3", "--seed", "5", "--rank", $"{rank}", "--world", "3", "--ids", "--buffer", "10"];
            var r = await CliRun.InProcessAsync(dropLast ? [.. args, "--drop-last"] : args);
            Assert.Equal(0, r.ExitCode);
            shares.Add(ReadShards.Batches(r.Out));
        }

        Assert.Single(shares.Select(s => s.Length).Distinct());
        var ids = shares.SelectMany(s => s.SelectMany(x => x)).ToList();
        if (dropLast)
        {
            Assert.Equal(18, ids.Count); // 8 per rank, then the short batch of 2 is dropped
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.All(shares, s => Assert.All(s, batch => Assert.Equal(3, batch.Length)));
        }
        else
        {
            Assert.Equal(27, ids.Count);
            Assert.Equal(all.Order(), ids.Distinct().Order());
        }
    }

    [Fact]
    public async Task Read_TwoEpochs_ReshufflesAndCoversEachEpoch()
    {
        using var dir = new TempDirectory();
        var all = ReadShards.Write(dir.Path, 6, 6);

        var r = await CliRun.InProcessAsync("read", "--data", dir.Path, "--batch", "12", "--seed", "1", "--epochs", "2", "--ids");

        var epochs = ReadShards.Batches(r.Out);
        Assert.Equal(2, epochs.Length);
        Assert.NotEqual(epochs[0], epochs[1]);
        Assert.All(epochs, e => Assert.Equal(all.Order(), e.Order()));
        Assert.Contains("epoch 1: rank 0 of 1: 1 batches, 12 records", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_CorruptShardInTheMiddle_Exits3NamingFileAndOffset()
    {
        using var dir = new TempDirectory();
        ReadShards.Write(dir.Path, 3, 3);
        File.Copy(Corrupt, Path.Combine(dir.Path, "read-00000-of-00002.tfrecord"), overwrite: true);

        var r = await CliRun.InProcessAsync("read", "--data", dir.Path, "--batch", "2", "--seed", "1", "--ids");

        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"corrupted record at offset 0 in {Path.Combine(dir.Path, "read-00000-of-00002.tfrecord")}", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_SkipCorrupt_ReadsTheRestAndExits3WithTheCount()
    {
        using var dir = new TempDirectory();
        ReadShards.Write(dir.Path, 3, 3, 3);
        var middle = Path.Combine(dir.Path, "read-00001-of-00003.tfrecord");
        File.Copy(Corrupt, middle, overwrite: true);

        var r = await CliRun.InProcessAsync("read", "--data", dir.Path, "--batch", "2", "--seed", "1", "--ids", "--skip-corrupt");

        Assert.Equal(3, r.ExitCode);
        Assert.Equal(["a0", "a1", "a2", "c0", "c1", "c2"], ReadShards.Batches(r.Out).SelectMany(x => x).Order());
        Assert.Contains($"skipped 1 record(s) at offset 0 in {middle}", r.Error, StringComparison.Ordinal);
        Assert.Contains("error: data loss: 3 record(s)", r.Error, StringComparison.Ordinal); // summary.json promised 3
    }

    [Fact]
    public async Task Read_RecordWrittenByTensorFlow_EveryRecordOnceInBatchesOf8()
    {
        using var dir = new TempDirectory();
        File.Copy(CliRun.Data("raccoon__test.record"), Path.Combine(dir.Path, "raccoon.tfrecord"));

        var r = await CliRun.InProcessAsync("read", "--data", dir.Path, "--batch", "8", "--seed", "3", "--ids");

        Assert.Equal(0, r.ExitCode);
        var batches = ReadShards.Batches(r.Out);
        Assert.Equal(5, batches.Length);
        Assert.Equal(40, batches.SelectMany(b => b).Distinct().Count());
        Assert.Contains("rank 0 of 1: 5 batches, 40 records", r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)] // epoch 0 has 5 batches: the cut falls in epoch 1
    public async Task Read_StopSaveStateResume_ConcatenationEqualsOneRun(int stopAfter)
    {
        using var dir = new TempDirectory();
        ReadShards.Write(dir.Path, 9, 4, 7, 5);
        var state = Path.Combine(dir.Path, "reader-state.json");
        string[] common = ["read", "--data", dir.Path, "--batch", "3", "--seed", "4", "--rank", "1", "--world", "2", "--epochs", "2", "--ids", "--cycle", "3", "--block", "2", "--buffer", "6"];

        var whole = await CliRun.InProcessAsync(common);
        var first = await CliRun.InProcessAsync([.. common, "--stop-after", $"{stopAfter}", "--state-out", state]);
        var rest = await CliRun.InProcessAsync([.. common, "--resume", state]);

        Assert.Equal((0, 0, 0), (whole.ExitCode, first.ExitCode, rest.ExitCode));
        Assert.Equal(10, ReadShards.Batches(whole.Out).Length);
        Assert.Equal(stopAfter, ReadShards.Batches(first.Out).Length);
        Assert.Equal(whole.Out, first.Out + rest.Out);
    }

    [Fact]
    public async Task Read_ResumeFromGarbage_Exits1NamingTheProblem()
    {
        using var dir = new TempDirectory();
        ReadShards.Write(dir.Path, 2);
        var state = Path.Combine(dir.Path, "state.json");
        File.WriteAllText(state, "{\"stage\": \"shuffle\"}");

        var r = await CliRun.InProcessAsync("read", "--data", dir.Path, "--batch", "2", "--seed", "1", "--resume", state);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("pipeline state is for stage 'shuffle', expected 'prefetch'", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_RankOutsideWorld_Exits2()
    {
        using var dir = new TempDirectory();
        ReadShards.Write(dir.Path, 2);

        var r = await CliRun.InProcessAsync("read", "--data", dir.Path, "--batch", "2", "--seed", "1", "--rank", "2", "--world", "2");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("rank must be in 0..1", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_MissingBatch_Exits2()
    {
        var r = await CliRun.InProcessAsync("read", "--data", ".", "--seed", "1");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--batch", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_MissingFolder_Exits1()
    {
        var r = await CliRun.InProcessAsync("read", "--data", "/nonexistent/dataset", "--batch", "2", "--seed", "1");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("folder not found", r.Error, StringComparison.Ordinal);
    }
}
