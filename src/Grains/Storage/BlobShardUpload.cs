using Azure.Storage.Blobs.Specialized;

namespace Cluster.Grains.Storage;

/// <summary>A shard staged block by block and published by one Put Block List. Uncommitted blocks are never visible
/// under the name; the service drops them after a week, and a rewrite stages the same ids again.</summary>
internal sealed class BlobShardUpload(BlockBlobClient blob, int blockSize, CancellationToken ct) : IShardUpload
{
    private readonly BlockStagingStream _stream = new(blob, blockSize, ct);

    public Stream Stream => _stream;

    public void Commit() => _stream.CommitBlockList();

    public void Dispose() => _stream.Dispose();
}
