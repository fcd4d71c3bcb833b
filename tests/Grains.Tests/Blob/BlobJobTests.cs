using Azure.Storage.Blobs;
using Cluster.Formats.Datasets;
using Cluster.Formats.Manifests;
using Cluster.Grains.Planning;
using Cluster.Silo.Tests;
using Cluster.Tests.Shared;

namespace Cluster.Grains.Tests.Blob;

/// <summary>
/// A whole job with its images in Blob storage and its output in a Blob container, on a 2-silo test cluster whose
/// non-job silo is killed while every writer is held mid-shard: nothing appears under a shard's name before its commit,
/// the job completes, and every shard is byte-identical to the same job run from and into folders on one silo.
/// </summary>
[Collection(ConversionCluster.Collection)]
public sealed class BlobJobTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private const int Shards = 4;
    private readonly TempDirectory _temp = new("cluster-blob-job");
    private readonly AzuriteFixture _azurite;
    private readonly BlobContainerClient _container;
    private readonly GeneratedDataset _data;

    public BlobJobTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _data = GeneratedDataset.Create(_temp.File("data"), images: 300, missing: 3);
        _container = BlobContainers.Create(azurite.ConnectionString);
        BlobContainers.UploadFolder(_container, _data.Images, "in/images");
    }

    public void Dispose()
    {
        _container.DeleteIfExists();
        _temp.Dispose();
    }

    [Fact]
    public async Task Convert_BlobImagesAndOutputSiloKilledMidShard_ShardsEqualFolderRun()
    {
        var folderSpec = new ConversionJobSpec
        {
            Format = "csv", ManifestPath = _data.Manifest, ImagesRoot = _data.Images, OutputDir = _temp.File("out"), ShardCount = Shards, Seed = 7, Name = "gen",
        };
        await using (var single = await ConversionCluster.StartAsync(1, new WriteGate(holding: false)))
        {
            var job = single.GrainFactory.GetGrain<IConversionJobGrain>("folder");
            await job.StartAsync(folderSpec);
            Assert.Equal(JobPhase.Completed, (await JobWatch.UntilFinishedAsync(job, TimeSpan.FromSeconds(60))).Phase);
        }

        var blobSpec = folderSpec with { ImagesRoot = $"az://{_container.Name}/in/images", OutputDir = $"az://{_container.Name}/out/run" };
        var gate = new WriteGate(holding: true);
        await using var cluster = await ConversionCluster.StartAsync(2, gate, _azurite.ConnectionString);
        var blobJob = cluster.GrainFactory.GetGrain<IConversionJobGrain>("blob");
        await blobJob.StartAsync(blobSpec);
        await JobWatch.UntilAsync(() => gate.Held.Count == Shards, TimeSpan.FromSeconds(60), "every shard writer to be held mid-shard");

        // Held mid-shard: blocks are staged, yet only the work folder is visible under the output prefix.
        Assert.All(BlobContainers.Names(_container, "out/run"), n => Assert.StartsWith(WorkNames.Root + "/", n, StringComparison.Ordinal));

        var jobSilo = await blobJob.GetSiloAsync();
        var victim = cluster.Silos.FirstOrDefault(s => s.SiloAddress.ToString() != jobSilo && gate.Held.Values.Contains(s.SiloAddress.ToString()));
        if (victim is not null)
        {
            gate.Kill(victim.SiloAddress.ToString());
            await cluster.KillSiloAsync(victim);
        }

        gate.ReleaseAll();
        var progress = await JobWatch.UntilFinishedAsync(blobJob, TimeSpan.FromSeconds(90));

        Assert.Equal(JobPhase.Completed, progress.Phase);
        var folderSummary = DatasetSummary.Load(folderSpec.OutputDir);
        var summaryFile = _temp.File("summary.json");
        File.WriteAllBytes(summaryFile, BlobContainers.Download(_container, "out/run/summary.json"));
        var blobSummary = DatasetSummary.Load(summaryFile);
        Assert.Equal(folderSummary.Shards.Select(s => (s.File, s.Sha256, s.Bytes)), blobSummary.Shards.Select(s => (s.File, s.Sha256, s.Bytes)));
        foreach (var shard in folderSummary.Shards)
        {
            var blobBytes = BlobContainers.Download(_container, $"out/run/{shard.File}");
            Assert.Equal(shard.Sha256, BlobContainers.Sha256(blobBytes));
            Assert.Equal(File.ReadAllBytes(Path.Combine(folderSpec.OutputDir, shard.File + ".idx")), BlobContainers.Download(_container, $"out/run/{shard.File}.idx"));
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(folderSpec.OutputDir, "label_map.pbtxt")), BlobContainers.Download(_container, "out/run/label_map.pbtxt"));
        var quarantine = _temp.File("quarantine.jsonl");
        File.WriteAllBytes(quarantine, BlobContainers.Download(_container, "out/run/quarantine.jsonl"));
        Assert.Equal(_data.MissingImages.Order(), QuarantineWriter.ReadAll(quarantine).Select(q => q.Image!).Order());
        Assert.Equal(
            folderSummary.Shards.SelectMany(s => new[] { s.File, s.File + ".idx" }).Concat(["label_map.pbtxt", "quarantine.jsonl", "summary.json"]).Order(StringComparer.Ordinal),
            BlobContainers.Names(_container, "out/run").Where(n => !n.StartsWith(WorkNames.Root + "/", StringComparison.Ordinal)));
    }
}
