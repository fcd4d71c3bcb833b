using Cluster.Formats.Pipeline;
using Cluster.Formats.TfRecords;
using Cluster.Tests.Shared;

namespace Cluster.Formats.Tests.Pipeline;

/// <summary>Records handed out in place from memory-mapped shards: same bytes as copied ones, and a lifetime tied to their batch.</summary>
public sealed class MemoryMapTests
{
    [Fact]
    public async Task Load_MemoryMappedAndCopied_SameRecordBytes()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [3, 4]);
        await using var mapped = ShardSource.FromFiles(shards.Paths, 0, memoryMap: true);
        await using var copied = ShardSource.FromFiles(shards.Paths, 0, memoryMap: false);
        var handles = await AllHandlesAsync(mapped.Catalog);

        using var fromMap = new RecordLoader(mapped.Catalog).Load(handles);
        using var fromCopy = new RecordLoader(copied.Catalog).Load(handles);

        Assert.Equal(7, fromMap.Count);
        Assert.Equal(fromCopy.Records.Select(r => r.Data.ToArray()), fromMap.Records.Select(r => r.Data.ToArray()));
        Assert.Equal(handles.Select(shards.Id), fromMap.Records.Select(TestShards.IdOf));
    }

    [Fact]
    public async Task Load_MemoryMapped_RecordsOutliveCatalogUntilBatchDisposed()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [2, 2]);
        var source = ShardSource.FromFiles(shards.Paths, 0, memoryMap: true);
        var handles = await AllHandlesAsync(source.Catalog);
        var batch = new RecordLoader(source.Catalog).Load(handles);

        await source.DisposeAsync();
        var idsAfterCatalog = TestShards.IdsOf(batch);
        var record = batch.Records[0];
        batch.Dispose();

        Assert.Equal(handles.Select(shards.Id), idsAfterCatalog);
        Assert.Throws<ObjectDisposedException>(() => record.Data.Span.Length);
    }

    [Theory]
    [InlineData(-16L)]
    [InlineData(1L << 40)]
    public async Task Load_MemoryMappedHandleOutsideShard_FailsNamingFileAndOffset(long offset)
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [2]);
        await using var source = ShardSource.FromFiles(shards.Paths, 0, memoryMap: true);
        await source.Catalog.IndexAsync(0);

        var e = Assert.Throws<TruncatedRecordException>(() => new RecordLoader(source.Catalog).Load([new RecordHandle(0, offset, 100, 0)]));

        Assert.Equal((shards.Paths[0], offset), (e.FilePath, e.Offset));
    }

    [Fact]
    public async Task Load_ShardDeletedBeforeMapping_ThrowsAndLaterFinalizationDoesNotCrash()
    {
        using var dir = new TempDirectory();
        var shards = TestShards.Write(dir.Path, [2]);
        await using var source = ShardSource.FromFiles(shards.Paths, 0, memoryMap: true);
        var handle = (await source.Catalog.IndexAsync(0)).Handle(0, 0);
        File.Delete(shards.Paths[0]);

        Assert.Throws<FileNotFoundException>(() => new RecordLoader(source.Catalog).Load([handle]));
        GC.Collect();
        GC.WaitForPendingFinalizers(); // the half-built mapping's finalizer must not throw (that would end the process)
    }

    private static async Task<RecordHandle[]> AllHandlesAsync(ShardCatalog catalog)
    {
        var handles = new List<RecordHandle>();
        for (var shard = 0; shard < catalog.Shards.Count; shard++)
        {
            var index = await catalog.IndexAsync(shard);
            handles.AddRange(Enumerable.Range(0, index.Count).Select(i => index.Handle(i, 0)));
        }

        return [.. handles];
    }
}
