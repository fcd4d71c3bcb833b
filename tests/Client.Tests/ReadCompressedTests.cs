using System.IO.Compression;
using Cluster.Formats.TfRecords;
using Cluster.Tests.Shared;

namespace Cluster.Client.Tests;

/// <summary><c>cluster read</c> over GZIP shards: a TensorFlow-written one, and converted shards compressed, stopped and resumed mid-shard.</summary>
public sealed class ReadCompressedTests
{
    [Fact]
    public async Task Read_GzipShardWrittenByTensorFlow_EveryRecordOnce()
    {
        using var dir = new TempDirectory();
        var source = CliRun.Data("tfx-penguin__Split-train_data_tfrecord-00000-of-00001.gz");
        File.Copy(source, Path.Combine(dir.Path, "penguin-00000-of-00001.tfrecord.gz"));
        long records = 0;
        using (var reader = TfRecordReader.Open(source))
        {
            while (reader.TryReadNext(out _))
            {
                records++;
            }
        }

        var r = await CliRun.InProcessAsync("read", "--data", dir.Path, "--batch", "8", "--seed", "3");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"rank 0 of 1: {(records + 7) / 8} batches, {records} records", r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Read_GzipShardsStopSaveStateResume_ConcatenationEqualsUncompressedRun(int stopAfter)
    {
        using var plain = new TempDirectory();
        using var packed = new TempDirectory();
        ReadShards.Write(plain.Path, 9, 4, 7, 5);
        foreach (var shard in Directory.EnumerateFiles(plain.Path, "*.tfrecord"))
        {
            using var output = File.Create(Path.Combine(packed.Path, Path.GetFileName(shard) + ".gz"));
            using var gzip = new GZipStream(output, CompressionLevel.Fastest);
            using var input = File.OpenRead(shard);
            input.CopyTo(gzip);
        }

        var state = Path.Combine(packed.Path, "reader-state.json");
        string[] Args(string data) => ["read", "--data", data, "--batch", "3", "--seed", "4", "--rank", "1", "--world", "2", "--ids", "--cycle", "3", "--block", "2", "--buffer", "6"];

        var uncompressed = await CliRun.InProcessAsync(Args(plain.Path));
        var first = await CliRun.InProcessAsync([.. Args(packed.Path), "--stop-after", $"{stopAfter}", "--state-out", state]);
        var rest = await CliRun.InProcessAsync([.. Args(packed.Path), "--resume", state]);

        Assert.Equal((0, 0, 0), (uncompressed.ExitCode, first.ExitCode, rest.ExitCode));
        Assert.Equal(stopAfter, ReadShards.Batches(first.Out).Length);
        Assert.NotEmpty(ReadShards.Batches(rest.Out));
        Assert.Equal(uncompressed.Out, first.Out + rest.Out);
    }
}
