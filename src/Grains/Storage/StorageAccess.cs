using Cluster.Formats.Images;
using Cluster.Grains.Hosting;

namespace Cluster.Grains.Storage;

/// <summary>
/// How a silo reaches a job's locations: the storage connection string for Blob locations (else the environment's, see
/// <see cref="BlobConnection"/>) and the block size shards are staged in. Opens the output store and the image source.
/// </summary>
internal sealed record StorageAccess(string? ConnectionString = null, int BlockSize = BlobOutputStore.DefaultBlockSize)
{
    public static StorageAccess Of(ConversionOptions options) => new(options.StorageConnectionString, options.BlobBlockSize);

    /// <summary>A folder store for a path; a Blob store for <c>az://</c> or a container URL.</summary>
    public IOutputStore OpenOutput(string location, CancellationToken ct = default)
    {
        var parsed = StorageLocation.Parse(location);
        return parsed.IsBlob
            ? new BlobOutputStore(parsed, BlobConnection.ContainerOf(parsed, ConnectionString), BlockSize, ct)
            : new FileOutputStore(parsed.LocalPath!);
    }

    /// <summary>Images under a folder, or under a Blob prefix.</summary>
    public IImageSource OpenImages(string location, CancellationToken ct = default)
    {
        var parsed = StorageLocation.Parse(location);
        return parsed.IsBlob
            ? new BlobImageSource(parsed, BlobConnection.ContainerOf(parsed, ConnectionString), ct)
            : new FileImageSource(parsed.LocalPath!);
    }
}
