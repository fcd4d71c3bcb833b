using System.Net;
using System.Text.Json;
using Cluster.Grains;
using Cluster.Silo.Tests.Data;
using Cluster.Silo.Tests.Processes;
using Cluster.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Cluster.Silo.Tests;

/// <summary>
/// Two real <c>cluster-silo</c> processes with Azure Table clustering and job storage (Azurite): both write shards of
/// one job; every silo is killed mid-job, two new ones start (a new deployment: new ClusterId, same ServiceId), and resume finishes the job from the persisted state with
/// the published shards kept and the same bytes as a clean run. Also: a job with its images and output in Blob storage
/// on two silo processes, byte-identical to the same job into a folder.
/// </summary>
public sealed class AzureClusterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private const int Shards = 4;
    private const int Images = 160;
    private readonly TempDirectory _temp = new("cluster-azure");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Resume_AllSilosKilledMidJob_NewSilosFinishFromPersistedStateWithSameBytes()
    {
        var settings = new Dictionary<string, string>
        {
            ["Clustering"] = "AzureTable",
            ["Storage"] = "AzureTable",
            ["ConnectionString"] = azurite.ConnectionString,
            ["ClusterId"] = $"test-{Guid.NewGuid():N}",
            ["RedriveSeconds"] = "0.5",
        };
        var manifest = SlowShardDataset.Create(_temp.File("data"), Images, Shards, seed: 3);
        ConversionJobSpec SpecFor(string outName) => new()
        {
            Format = "csv", ManifestPath = manifest, ImagesRoot = Path.Combine(Path.GetDirectoryName(manifest)!, "images"),
            OutputDir = _temp.File(outName), ShardCount = Shards, Seed = 3, MaxSide = 100,
        };
        var spec = SpecFor("out");
        Directory.CreateDirectory(spec.OutputDir);
        var work = Path.Combine(spec.OutputDir, ".cluster-work");

        Dictionary<string, DateTime> published;
        await using (var first = SiloProcess.Start("Production", settings))
        await using (var second = SiloProcess.Start("Production", settings))
        {
            await Task.WhenAll(first.WaitStartedAsync(TimeSpan.FromSeconds(90)), second.WaitStartedAsync(TimeSpan.FromSeconds(90)));
            using var client = await ConnectAsync(settings["ClusterId"], first.GatewayPort, second.GatewayPort);
            await Grains(client).GetGrain<IConversionJobGrain>("restart").StartAsync(spec);
            await WaitForAsync(() => Directory.Exists(work) && Directory.EnumerateFiles(work, "*.done.json").Any(), "a first published shard", first, second);
            await Task.WhenAll(first.KillAsync(), second.KillAsync());
            published = Directory.EnumerateFiles(work, "*.done.json")
                .Select(m => Path.Combine(spec.OutputDir, JsonDocument.Parse(File.ReadAllText(m)).RootElement.GetProperty("file").GetString()!))
                .ToDictionary(p => p, File.GetLastWriteTimeUtc);
        }

        Assert.InRange(published.Count, 1, Shards - 1);
        Assert.False(File.Exists(Path.Combine(spec.OutputDir, "summary.json")));

        // A new deployment: fresh membership (ClusterId), same ServiceId, so the persisted job is found.
        settings["ClusterId"] = $"test-{Guid.NewGuid():N}";
        await using var third = SiloProcess.Start("Production", settings);
        await using var fourth = SiloProcess.Start("Production", settings);
        await Task.WhenAll(third.WaitStartedAsync(TimeSpan.FromSeconds(90)), fourth.WaitStartedAsync(TimeSpan.FromSeconds(90)));
        using var again = await ConnectAsync(settings["ClusterId"], third.GatewayPort, fourth.GatewayPort);
        var job = Grains(again).GetGrain<IConversionJobGrain>("restart");
        var persisted = await job.GetProgressAsync();
        Assert.Equal(JobPhase.Writing, persisted.Phase);
        await job.ResumeAsync();
        var done = await UntilFinishedAsync(job, third, fourth);

        Assert.Equal(Images, done.ImagesWritten);
        foreach (var (path, written) in published)
        {
            Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        }

        var writers = Directory.EnumerateFiles(work, "*.done.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("writtenBy").GetString()).Distinct().Count();
        Assert.True(writers >= 2, "shards were written by one silo only");

        var clean = SpecFor("clean");
        Directory.CreateDirectory(clean.OutputDir);
        var cleanJob = Grains(again).GetGrain<IConversionJobGrain>("clean");
        await cleanJob.StartAsync(clean);
        Assert.Equal(JobPhase.Completed, (await UntilFinishedAsync(cleanJob, third, fourth)).Phase);
        foreach (var shard in Directory.EnumerateFiles(clean.OutputDir, "data-*"))
        {
            Assert.Equal(File.ReadAllBytes(shard), File.ReadAllBytes(Path.Combine(spec.OutputDir, Path.GetFileName(shard))));
        }

        Assert.Empty(Directory.EnumerateFiles(spec.OutputDir, "*.tmp"));
    }

    [Fact]
    public async Task Convert_ImagesAndOutputInBlobOnTwoSiloProcesses_ShardsEqualFolderRun()
    {
        var settings = new Dictionary<string, string>
        {
            ["Clustering"] = "AzureTable",
            ["Storage"] = "AzureTable",
            ["StorageConnectionString"] = azurite.ConnectionString,
            ["ClusterId"] = $"test-{Guid.NewGuid():N}",
            ["RedriveSeconds"] = "0.5",
        };
        var manifest = SlowShardDataset.Create(_temp.File("data"), 60, Shards, seed: 3);
        var images = Path.Combine(Path.GetDirectoryName(manifest)!, "images");
        var container = new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient($"c{Guid.NewGuid():N}");
        await container.CreateAsync();
        foreach (var image in Directory.EnumerateFiles(images))
        {
            await container.GetBlobClient($"images/{Path.GetFileName(image)}").UploadAsync(image);
        }

        var folder = new ConversionJobSpec
        {
            Format = "csv", ManifestPath = manifest, ImagesRoot = images, OutputDir = _temp.File("folder"), ShardCount = Shards, Seed = 3, MaxSide = 100,
        };
        var blob = folder with { ImagesRoot = $"az://{container.Name}/images", OutputDir = $"az://{container.Name}/out" };
        Directory.CreateDirectory(folder.OutputDir);

        // The silos get the connection string as in Kubernetes (Cluster__StorageConnectionString); the client has none.
        await using var first = SiloProcess.Start("Production", settings);
        await using var second = SiloProcess.Start("Production", settings);
        await Task.WhenAll(first.WaitStartedAsync(TimeSpan.FromSeconds(90)), second.WaitStartedAsync(TimeSpan.FromSeconds(90)));
        using var client = await ConnectAsync(settings["ClusterId"], first.GatewayPort, second.GatewayPort);
        var blobJob = Grains(client).GetGrain<IConversionJobGrain>("blob");
        var folderJob = Grains(client).GetGrain<IConversionJobGrain>("folder");
        await blobJob.StartAsync(blob);
        await folderJob.StartAsync(folder);

        Assert.Equal(60, (await UntilFinishedAsync(blobJob, first, second)).ImagesWritten);
        Assert.Equal(JobPhase.Completed, (await UntilFinishedAsync(folderJob, first, second)).Phase);
        Assert.Equal(2 * Shards, Directory.EnumerateFiles(folder.OutputDir, "data-*").Count()); // shards and their .idx
        foreach (var shard in Directory.EnumerateFiles(folder.OutputDir, "data-*"))
        {
            var bytes = (await container.GetBlobClient($"out/{Path.GetFileName(shard)}").DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(File.ReadAllBytes(shard), bytes);
        }

        Assert.True((await container.GetBlobClient("out/summary.json").ExistsAsync()).Value);
        Assert.All(new[] { first.Log, second.Log }, log => Assert.DoesNotContain("AccountKey", log, StringComparison.Ordinal));
    }

    private static IGrainFactory Grains(IHost client) => client.Services.GetRequiredService<IGrainFactory>();

    private static async Task<JobProgress> UntilFinishedAsync(IConversionJobGrain job, params SiloProcess[] silos)
    {
        var progress = await job.GetProgressAsync();
        for (var waited = 0; progress.Phase is JobPhase.Planning or JobPhase.Writing && waited < 1200; waited++)
        {
            await Task.Delay(50);
            progress = await job.GetProgressAsync();
        }

        Assert.True(progress.Phase == JobPhase.Completed, $"{progress}\n{string.Join("\n---\n", silos.Select(s => s.Log))}");
        return progress;
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, params SiloProcess[] silos)
    {
        for (var waited = 0; !condition(); waited++)
        {
            Assert.True(waited < 12_000, $"no {what} within 60 s\n{string.Join("\n---\n", silos.Select(s => s.Log))}");
            await Task.Delay(5);
        }
    }

    private static async Task<IHost> ConnectAsync(string clusterId, params int[] gateways)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateways.Select(p => new IPEndPoint(IPAddress.Loopback, p)).ToArray());
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, "cluster"));
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
