using Cluster.Grains.Writing;

namespace Cluster.Grains.Storage;

/// <summary>A shard written to a hidden temporary file beside its final path, flushed to disk and renamed into place.</summary>
internal sealed class FileShardUpload : IShardUpload
{
    private readonly string _path;
    private readonly string _tempPath;
    private readonly FileStream _file;
    private readonly EarlyWritebackStream _stream;
    private bool _committed;

    public FileShardUpload(string path)
    {
        _path = path;
        _tempPath = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        _file = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        _stream = new EarlyWritebackStream(_file);
    }

    /// <summary>The temporary file, which asks the kernel to start writing each few MiB back as it goes (so the flush
    /// before the rename waits for the tail only).</summary>
    public Stream Stream => _stream;

    public void Commit()
    {
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        File.Move(_tempPath, _path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        _file.Dispose();
        if (!_committed)
        {
            File.Delete(_tempPath);
        }
    }
}
