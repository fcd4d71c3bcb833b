using Cluster.Tests.Shared;

namespace Cluster.Client.Tests;

/// <summary><c>cluster read --cluster</c> against a running <c>cluster-silo</c>: the reader grains give what the
/// in-process reader gives, and a stopped run resumes through them.</summary>
public sealed class ReadClusterTests(DevSiloFixture silo) : IClassFixture<DevSiloFixture>
{
    [Fact]
    public async Task ReadCluster_TwoRanksTwoEpochs_SameIdsAsInProcess()
    {
        using var dir = new TempDirectory();
        ReadShards.Write(dir.Path, 9, 4, 7, 6);
        for (var rank = 0; rank < 2; rank++)
        {
            string[] args = ["read", "--data", dir.Path, "--batch", "3", "--seed", "5", "--rank", $"{rank}", "--world", "2", "--epochs", "2", "--ids", "--cycle", "3", "--block", "2", "--buffer", "6"];

            var local = await CliRun.InProcessAsync(args);
            var remote = await CliRun.InProcessAsync([.. args, "--cluster", silo.Address]);

            Assert.Equal((0, 0), (local.ExitCode, remote.ExitCode));
            Assert.Equal(10, ReadShards.Batches(local.Out).Length); // 13 records per rank per epoch: 5 batches
            Assert.Equal(local.Out, remote.Out);
            Assert.Matches($"epoch 1: rank {rank} of 2: 5 batches, 13 records", remote.Error);
        }
    }

    [Fact]
    public async Task ReadCluster_StopSaveStateResume_ConcatenationEqualsOneRun()
    {
        using var dir = new TempDirectory();
        ReadShards.Write(dir.Path, 9, 4, 7, 5);
        var state = Path.Combine(dir.Path, "reader-state.json");
        string[] common = ["read", "--data", dir.Path, "--batch", "3", "--seed", "4", "--rank", "1", "--world", "2", "--epochs", "2", "--ids", "--buffer", "6", "--cluster", silo.Address];

        var whole = await CliRun.InProcessAsync(common);
        var first = await CliRun.InProcessAsync([.. common, "--stop-after", "3", "--state-out", state]);
        var rest = await CliRun.InProcessAsync([.. common, "--resume", state]);

        Assert.Equal((0, 0, 0), (whole.ExitCode, first.ExitCode, rest.ExitCode));
        Assert.Equal(3, ReadShards.Batches(first.Out).Length);
        Assert.Equal(whole.Out, first.Out + rest.Out);
    }

    [Fact]
    public async Task ReadCluster_CorruptShard_Exits3NamingFileAndOffset_SkipCorruptListsTheLoss()
    {
        using var dir = new TempDirectory();
        ReadShards.Write(dir.Path, 3, 3, 3);
        var middle = Path.Combine(dir.Path, "read-00001-of-00003.tfrecord");
        File.Copy(CliRun.Data("CORRUPT-crlf-normalized__tfmodels-od-testdata__pets_examples.record"), middle, overwrite: true);
        string[] args = ["read", "--data", dir.Path, "--batch", "2", "--seed", "1", "--ids", "--cluster", silo.Address];

        var failed = await CliRun.InProcessAsync(args);
        var skipped = await CliRun.InProcessAsync([.. args, "--skip-corrupt"]);

        Assert.Equal(3, failed.ExitCode);
        Assert.Contains($"corrupted record at offset 0 in {middle}", failed.Error, StringComparison.Ordinal);
        Assert.Equal(3, skipped.ExitCode);
        Assert.Equal(["a0", "a1", "a2", "c0", "c1", "c2"], ReadShards.Batches(skipped.Out).SelectMany(x => x).Order());
        Assert.Contains($"skipped 1 record(s) at offset 0 in {middle}", skipped.Error, StringComparison.Ordinal);
        Assert.Contains("error: data loss: 3 record(s)", skipped.Error, StringComparison.Ordinal);
    }
}
