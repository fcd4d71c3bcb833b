using System.Security.Cryptography;
using Azure.Storage.Blobs;
using System.Diagnostics;
using Azure.Storage.Blobs.Models;
using Cluster.Formats.Datasets;
using Cluster.Silo.Tests.Data;
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
        var inspect = await CliRun.InProcessAsync("inspect", "--json", $"az://raccoon/shards/v1/{summary.Shards[0].File}");
        Assert.Equal(0, inspect.ExitCode);
        Assert.Equal(summary.Shards[0].Records, System.Text.Json.JsonDocument.Parse(inspect.Out).RootElement.GetProperty("records").GetInt64());
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
    public async Task Convert_KilledMidJobIntoBlobThenRunAgain_KeepsCommittedShardsAndEqualsFolderRun()
    {
        const int shards = 4;
        var manifest = SlowShardDataset.Create(_temp.File("slow"), images: 160, shards, seed: 3);
        string[] Args(string output) => ["convert", "--format", "csv", "--manifest", manifest, "--images", Path.Combine(Path.GetDirectoryName(manifest)!, "images"),
            "--out", output, "--shards", $"{shards}", "--seed", "3", "--max-side", "100"];
        var container = new BlobServiceClient(_azurite!.ConnectionString).GetBlobContainerClient("killed");
        Environment.SetEnvironmentVariable(Variable, _azurite.ConnectionString);

        using (var first = StartProcess(Args("az://killed/out")))
        {
            var clock = Stopwatch.StartNew();
            while (!(await container.ExistsAsync()).Value || !Markers(container).Any())
            {
                Assert.False(first.HasExited, $"cluster convert exited ({(first.HasExited ? first.ExitCode : 0)}) before a first published shard");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "no published shard within 60 s");
                await Task.Delay(5);
            }

            first.Kill();
            await first.WaitForExitAsync();
        }

        var markers = Markers(container).ToList();
        Assert.InRange(markers.Count, 1, shards - 1);
        Assert.False((await container.GetBlobClient("out/summary.json").ExistsAsync()).Value);
        var committed = container.GetBlobs(BlobTraits.None, BlobStates.None, "out/data-", CancellationToken.None)
            .Where(b => b.Name.EndsWith(".tfrecord", StringComparison.Ordinal)).ToDictionary(b => b.Name, b => container.GetBlobClient(b.Name).GetProperties().Value.ETag);

        var again = CliRun.Process(Args("az://killed/out"));

        Assert.True(0 == again.ExitCode, again.Error);
        foreach (var marker in markers)
        {
            var name = $"out/data-{int.Parse(marker.AsSpan("out/.cluster-work/shard-".Length, 5), System.Globalization.CultureInfo.InvariantCulture):D5}-of-{shards:D5}.tfrecord";
            Assert.Equal(committed[name], (await container.GetBlobClient(name).GetPropertiesAsync()).Value.ETag);
        }

        var clean = _temp.File("clean");
        Assert.Equal(0, (await CliRun.InProcessAsync(Args(clean))).ExitCode);
        var summary = DatasetSummary.Load(clean);
        Assert.Equal(160, summary.ImagesWritten);
        foreach (var shard in summary.Shards)
        {
            var bytes = (await container.GetBlobClient($"out/{shard.File}").DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(shard.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
    }

    private static IEnumerable<string> Markers(BlobContainerClient container) =>
        container.GetBlobs(BlobTraits.None, BlobStates.None, "out/.cluster-work/", CancellationToken.None).Select(b => b.Name).Where(n => n.EndsWith(".done.json", StringComparison.Ordinal));

    /// <summary>The built <c>cluster</c> as a child process (it inherits this process's environment, connection string included).</summary>
    private static Process StartProcess(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cluster.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
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
