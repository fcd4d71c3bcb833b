using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Cluster.Formats.Datasets;
using Cluster.Silo.Tests.Processes;
using Cluster.Tests.Shared;

namespace Cluster.Client.Tests;

/// <summary>
/// <c>cluster convert</c> on an embedded silo with <c>--images az://...</c> and <c>--out az://...</c> against Azurite
/// (connection string from <c>AZURE_STORAGE_CONNECTION_STRING</c>, set only while a test of this class runs: xunit runs
/// a class's tests one at a time), and its usage errors for bad Blob locations.
/// </summary>
public sealed class BlobConvertTests : IAsyncLifetime, IDisposable
{
    private const string Variable = "AZURE_STORAGE_CONNECTION_STRING";
    private readonly TempDirectory _temp = new("cluster-blob-convert");
    private Azurite? _azurite;

    public async Task InitializeAsync() => _azurite = await Azurite.StartAsync(RepoPaths.Root);

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(Variable, null);
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    public void Dispose() => _temp.Dispose();

    private static string Raccoon => RepoPaths.Data("annotations", "voc", "raccoon");

    [Fact]
    public async Task Convert_ImagesAndOutputInBlob_ShardsEqualFolderRun()
    {
        var container = new BlobServiceClient(_azurite!.ConnectionString).GetBlobContainerClient("raccoon");
        await container.CreateAsync();
        foreach (var image in Directory.EnumerateFiles(Path.Combine(Raccoon, "JPEGImages")))
        {
            await container.GetBlobClient($"images/{Path.GetFileName(image)}").UploadAsync(image);
        }

        var folder = _temp.File("out");
        string[] Args(string images, string output) => ["convert", "--format", "voc", "--manifest", Raccoon, "--images", images, "--out", output, "--shards", "3", "--seed", "5"];
        Assert.Equal(0, (await CliRun.InProcessAsync(Args(Path.Combine(Raccoon, "JPEGImages"), folder))).ExitCode);
        Environment.SetEnvironmentVariable(Variable, _azurite.ConnectionString);

        var r = await CliRun.InProcessAsync(Args("az://raccoon/images", "az://raccoon/shards/v1"));

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("9 images", r.Out, StringComparison.Ordinal);
        Assert.Contains("az://raccoon/shards/v1", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", r.Out + r.Error, StringComparison.Ordinal);
        var summary = DatasetSummary.Load(folder);
        Assert.Equal(3, summary.Shards.Count);
        foreach (var shard in summary.Shards)
        {
            var bytes = (await container.GetBlobClient($"shards/v1/{shard.File}").DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(shard.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }

        foreach (var file in new[] { "label_map.pbtxt", "summary.json", "quarantine.jsonl" })
        {
            Assert.True((await container.GetBlobClient($"shards/v1/{file}").ExistsAsync()).Value, $"{file} missing in the container");
        }

        var verify = await CliRun.InProcessAsync(["verify", .. summary.Shards.Select(s => $"az://raccoon/shards/v1/{s.File}")]);
        Assert.Equal(0, verify.ExitCode);
        Assert.Equal(summary.Shards.Select(s => s.Records), verify.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => long.Parse(System.Text.RegularExpressions.Regex.Match(l, @"^ok .*: (\d+) records").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Verify_CorruptAndMissingBlobs_Exit3AndNamesThem()
    {
        Environment.SetEnvironmentVariable(Variable, _azurite!.ConnectionString);
        var container = new BlobServiceClient(_azurite.ConnectionString).GetBlobContainerClient("verify");
        await container.CreateAsync();
        var shard = Directory.EnumerateFiles(CliRun.Data(""), "*.tfrecord").Order(StringComparer.Ordinal).First();
        var bytes = await File.ReadAllBytesAsync(shard);
        bytes[^3] ^= 0x55;
        await container.GetBlobClient("bad.tfrecord").UploadAsync(new BinaryData(bytes));

        var r = await CliRun.InProcessAsync("verify", "az://verify/bad.tfrecord", "az://verify/none.tfrecord");

        Assert.Equal(3, r.ExitCode);
        Assert.Equal("bad az://verify/bad.tfrecord\nbad az://verify/none.tfrecord\n", r.Out.Replace("\r", "", StringComparison.Ordinal));
        Assert.Contains("/verify/bad.tfrecord", r.Error, StringComparison.Ordinal);
        Assert.Contains("file not found: az://verify/none.tfrecord", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_BlobOutputWithoutConnectionString_Exit2NamingTheVariables()
    {
        Environment.SetEnvironmentVariable(Variable, null);

        var r = await CliRun.InProcessAsync("convert", "--format", "voc", "--manifest", Raccoon, "--out", "az://raccoon/out", "--shards", "2");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--out", r.Error, StringComparison.Ordinal);
        Assert.Contains(Variable, r.Error, StringComparison.Ordinal);
        Assert.Contains("Cluster__StorageConnectionString", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_BadContainerName_Exit2()
    {
        Environment.SetEnvironmentVariable(Variable, _azurite!.ConnectionString);

        var r = await CliRun.InProcessAsync("convert", "--format", "voc", "--manifest", Raccoon, "--images", "az://No_Such/x", "--out", _temp.File("o"), "--shards", "2");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--images", r.Error, StringComparison.Ordinal);
        Assert.Contains("container name", r.Error, StringComparison.Ordinal);
    }
}
