using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace Cluster.Grains.Storage;

/// <summary>
/// Output under a prefix of an Azure Blob container; every name is a blob <c>PREFIX/NAME</c>. Small files are written
/// to a private scratch folder and uploaded whole (one Put Blob: atomic); shards are staged in blocks of
/// <see cref="BlockSize"/> bytes and committed at the end. Work lists and markers live in the container too, so silos
/// with no shared volume can run one job.
/// </summary>
internal sealed class BlobOutputStore : IOutputStore
{
    /// <summary>Default shard block: 8 MiB (Azure allows 50,000 blocks a blob, so shards up to ~390 GiB).</summary>
    public const int DefaultBlockSize = 8 << 20;

    private readonly StorageLocation _location;
    private readonly BlobContainerClient _container;
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), $"cluster-blob-{Guid.NewGuid():N}");
    private readonly CancellationToken _ct;

    public BlobOutputStore(StorageLocation location, BlobContainerClient container, int blockSize = DefaultBlockSize, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _location = location;
        _container = container;
        BlockSize = blockSize;
        _ct = ct;
    }

    public int BlockSize { get; }

    public string AddressOf(string name) => BlobConnection.Printable(BlobOf(name).Uri);

    public void EnsureCreated() => _container.CreateIfNotExists(cancellationToken: _ct);

    public bool Exists(string name) => BlobOf(name).Exists(_ct).Value;

    public long? LengthOf(string name)
    {
        try
        {
            return BlobOf(name).GetProperties(cancellationToken: _ct).Value.ContentLength;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public string Sha256Of(string name)
    {
        using var stream = BlobOf(name).OpenRead(new Azure.Storage.Blobs.Models.BlobOpenReadOptions(allowModifications: false), _ct);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public string? FetchLocal(string name)
    {
        var path = ScratchPathOf(name);
        try
        {
            BlobOf(name).DownloadTo(path, _ct);
            return path;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            File.Delete(path);
            return null;
        }
    }

    public string LocalPathOf(string name) => ScratchPathOf(name);

    public void PublishLocal(string name)
    {
        var path = ScratchPathOf(name);
        _container.GetBlobClient(BlobConnection.BlobNameOf(_location, name)).Upload(path, overwrite: true, _ct);
        File.Delete(path);
    }

    public IShardUpload BeginShard(string name) => new BlobShardUpload(BlobOf(name), BlockSize, _ct);

    public void RemoveStrayTemporaries(string shardName)
    {
        // A shard is staged in blocks, never under a temporary name: there is nothing to remove.
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_scratch))
            {
                Directory.Delete(_scratch, recursive: true);
            }
        }
        catch (IOException)
        {
            // Scratch files in the temp folder; the OS cleaner gets what is left.
        }
    }

    private BlockBlobClient BlobOf(string name) => _container.GetBlockBlobClient(BlobConnection.BlobNameOf(_location, name));

    private string ScratchPathOf(string name)
    {
        var path = Path.Combine(_scratch, name.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
