using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Cluster.Formats.Manifests;
using Cluster.Grains.Hosting;
using Cluster.Grains.Planning;
using Cluster.Grains.Storage;
using Cluster.Grains.Writing;
using Cluster.Silo.Tests;
using Cluster.Tests.Shared;

namespace Cluster.Grains.Tests.Blob;

/// <summary>
/// One shard written to an Azure Blob container (Azurite), its images read from Blob too: staged in blocks and invisible
/// until the commit, byte-identical to the same shard written to a folder, rewritten identically after a cancelled
/// attempt, and kept (not committed again) when intact.
/// </summary>
public sealed class BlobShardWriterTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private const int BlockSize = 4096;
    private readonly TempDirectory _temp = new("cluster-blob-writer");
    private readonly AzuriteFixture _azurite;
    private readonly BlobContainerClient _container;
    private readonly GeneratedDataset _data;
    private readonly ConversionJobSpec _folderSpec;
    private readonly ConversionJobSpec _blobSpec;
    private readonly StorageAccess _access;

    public BlobShardWriterTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _data = GeneratedDataset.Create(_temp.File("data"), images: 120, missing: 2);
        _container = BlobContainers.Create(azurite.ConnectionString);
        BlobContainers.UploadFolder(_container, _data.Images, "ds/images");
        _folderSpec = new ConversionJobSpec { Format = "csv", ManifestPath = _data.Manifest, ImagesRoot = _data.Images, OutputDir = _temp.File("out"), ShardCount = 2, Seed = 3 };
        _blobSpec = _folderSpec with { ImagesRoot = $"az://{_container.Name}/ds/images", OutputDir = $"az://{_container.Name}/ds/out" };
        _access = new StorageAccess(azurite.ConnectionString, BlockSize);
    }

    public void Dispose()
    {
        _container.DeleteIfExists();
        _temp.Dispose();
    }

    private async Task<ShardAssignment> AssignAsync(ConversionJobSpec spec, StorageAccess access)
    {
        var plan = await ShardPlanner.PlanAsync(spec, access, CancellationToken.None);
        return new ShardAssignment { JobId = "j", Index = 0, PlanId = plan.PlanId, Spec = spec };
    }

    private BlockBlobClient ShardBlob(ShardResult result) => _container.GetBlockBlobClient($"ds/out/{result.File}");

    [Fact]
    public async Task WriteOrReuse_BlobImagesAndOutput_ShardBytesEqualFolderRun()
    {
        var folder = new ShardFileWriter(await AssignAsync(_folderSpec, new StorageAccess()), new OpenShardWriteGate(), 8).WriteOrReuse(CancellationToken.None);
        var blob = new ShardFileWriter(await AssignAsync(_blobSpec, _access), new OpenShardWriteGate(), 8, access: _access).WriteOrReuse(CancellationToken.None);

        var folderBytes = File.ReadAllBytes(Path.Combine(_folderSpec.OutputDir, folder.File));
        var blobBytes = BlobContainers.Download(_container, $"ds/out/{blob.File}");
        Assert.True(folderBytes.Length > 4 * BlockSize, "the shard should span several blocks");
        Assert.Equal(BlobContainers.Sha256(folderBytes), BlobContainers.Sha256(blobBytes));
        Assert.Equal(folder.Sha256, blob.Sha256);
        Assert.Equal(folder.Bytes, blob.Bytes);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_folderSpec.OutputDir, folder.File + ".idx")), BlobContainers.Download(_container, $"ds/out/{blob.File}.idx"));
        // The same rows quarantined for the same reasons (a missing image's detail names where it was looked for).
        var blobPart = _temp.File("part.jsonl");
        File.WriteAllBytes(blobPart, BlobContainers.Download(_container, $"ds/out/{WorkNames.QuarantineOf(0)}"));
        Assert.Equal(
            QuarantineWriter.ReadAll(Path.Combine(_folderSpec.OutputDir, WorkNames.QuarantineOf(0))).Select(q => (q.Image, q.Reason, q.Line)),
            QuarantineWriter.ReadAll(blobPart).Select(q => (q.Image, q.Reason, q.Line)));
        Assert.Equal((folderBytes.Length + BlockSize - 1) / BlockSize, (await ShardBlob(blob).GetBlockListAsync(BlockListTypes.Committed)).Value.CommittedBlocks.Count());
    }

    [Fact]
    public async Task WriteOrReuse_HeldMidShard_BlocksStagedButNoBlobUnderFinalName()
    {
        var assignment = await AssignAsync(_blobSpec, _access);
        var shardName = $"ds/out/{JobSpecs.ShardFileName(_blobSpec, 0)}";
        var seen = new List<(bool Exists, int Uncommitted)>();
        var gate = new CallbackGate(_ =>
        {
            var blob = _container.GetBlockBlobClient(shardName);
            seen.Add((blob.Exists().Value, UncommittedBlocks(blob)));
        });

        var result = new ShardFileWriter(assignment, gate, 8, access: _access).WriteOrReuse(CancellationToken.None);

        Assert.NotEmpty(seen);
        Assert.All(seen, s => Assert.False(s.Exists, "a shard blob was visible before its block list was committed"));
        Assert.Contains(seen, s => s.Uncommitted > 0);
        Assert.Equal([result.File, result.File + ".idx"], BlobContainers.Names(_container, "ds/out").Where(n => !n.StartsWith(WorkNames.Root, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WriteOrReuse_CancelledMidShardThenRedriven_CommitsIdenticalBytes()
    {
        var clean = new ShardFileWriter(await AssignAsync(_folderSpec, new StorageAccess()), new OpenShardWriteGate(), 8).WriteOrReuse(CancellationToken.None);
        var assignment = await AssignAsync(_blobSpec, _access);
        using var cancel = new CancellationTokenSource();
        var killer = new CallbackGate(items =>
        {
            if (items >= 24)
            {
                cancel.Cancel();
                cancel.Token.ThrowIfCancellationRequested();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => new ShardFileWriter(assignment, killer, 8, access: _access).WriteOrReuse(cancel.Token));
        var shardName = $"ds/out/{JobSpecs.ShardFileName(_blobSpec, 0)}";
        Assert.False(_container.GetBlobClient(shardName).Exists().Value);
        Assert.False(_container.GetBlobClient($"ds/out/{WorkNames.MarkerOf(0)}").Exists().Value);

        var redriven = new ShardFileWriter(assignment, new OpenShardWriteGate(), 8, access: _access).WriteOrReuse(CancellationToken.None);

        Assert.Equal(clean.Sha256, redriven.Sha256);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_folderSpec.OutputDir, clean.File)), BlobContainers.Download(_container, shardName));
    }

    [Fact]
    public async Task WriteOrReuse_IntactBlobShard_KeptWithoutCommittingAgain()
    {
        var assignment = await AssignAsync(_blobSpec, _access);
        var first = new ShardFileWriter(assignment, new OpenShardWriteGate(), 8, access: _access).WriteOrReuse(CancellationToken.None);
        var etag = ShardBlob(first).GetProperties().Value.ETag;

        var second = new ShardFileWriter(assignment, new OpenShardWriteGate(), 8, access: _access).WriteOrReuse(CancellationToken.None);

        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Equal(etag, ShardBlob(first).GetProperties().Value.ETag);
    }

    [Fact]
    public async Task WriteOrReuse_TamperedBlobShard_RewrittenByteIdentical()
    {
        var assignment = await AssignAsync(_blobSpec, _access);
        var first = new ShardFileWriter(assignment, new OpenShardWriteGate(), 8, access: _access).WriteOrReuse(CancellationToken.None);
        var original = BlobContainers.Download(_container, $"ds/out/{first.File}");
        var tampered = (byte[])original.Clone();
        tampered[^1] ^= 0xFF;
        _container.GetBlobClient($"ds/out/{first.File}").Upload(new BinaryData(tampered), overwrite: true);

        new ShardFileWriter(assignment, new OpenShardWriteGate(), 8, access: _access).WriteOrReuse(CancellationToken.None);

        Assert.Equal(original, BlobContainers.Download(_container, $"ds/out/{first.File}"));
    }

    [Fact]
    public async Task WriteOrReuse_ImagesContainerMissing_FailsNamingItInsteadOfQuarantining()
    {
        var spec = _blobSpec with { ImagesRoot = "az://no-such-images/ds" };
        var assignment = await AssignAsync(spec, _access);

        var error = Assert.Throws<InvalidOperationException>(() => new ShardFileWriter(assignment, new OpenShardWriteGate(), 8, access: _access).WriteOrReuse(CancellationToken.None));

        Assert.Contains("az://no-such-images/ds", error.Message, StringComparison.Ordinal);
        Assert.Contains("ContainerNotFound", error.Message, StringComparison.Ordinal);
        Assert.False(_container.GetBlobClient($"ds/out/{WorkNames.MarkerOf(0)}").Exists().Value);
    }

    /// <summary>Blocks staged but not committed; Azurite answers 404 while a blob has none at all.</summary>
    private static int UncommittedBlocks(BlockBlobClient blob)
    {
        try
        {
            return blob.GetBlockList(BlockListTypes.Uncommitted).Value.UncommittedBlocks.Count();
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }

    /// <summary>Runs a callback at every progress batch of the writer.</summary>
    private sealed class CallbackGate(Action<long> onBatch) : IShardWriteGate
    {
        public void Pass(string jobId, int shard, long itemsDone, CancellationToken ct) => onBatch(itemsDone);
    }
}
