using System.Security.Cryptography;

namespace Cluster.Grains.Storage;

/// <summary>Output in a local folder or a shared volume (a Kubernetes PVC): every name is a file under it.</summary>
internal sealed class FileOutputStore(string outputDir) : IOutputStore
{
    private readonly string _root = Path.GetFullPath(outputDir);

    public string AddressOf(string name) => new Uri(PathOf(name)).AbsoluteUri;

    public void EnsureCreated() => Directory.CreateDirectory(_root);

    public bool Exists(string name) => File.Exists(PathOf(name));

    public long? LengthOf(string name)
    {
        var info = new FileInfo(PathOf(name));
        return info.Exists ? info.Length : null;
    }

    public string Sha256Of(string name)
    {
        using var stream = new FileStream(PathOf(name), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public string? FetchLocal(string name) => Exists(name) ? PathOf(name) : null;

    public string LocalPathOf(string name)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    public void PublishLocal(string name)
    {
        // Written in place: the folder's writers already published it by renaming their temporary file.
    }

    public IShardUpload BeginShard(string name) => new FileShardUpload(PathOf(name));

    public void RemoveStrayTemporaries(string shardName)
    {
        foreach (var temp in Directory.EnumerateFiles(_root, $".{shardName}-*.tmp"))
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
                // A writer of a dead silo may still hold it; the next run removes it.
            }
        }
    }

    public void Dispose()
    {
    }

    private string PathOf(string name) => Path.Combine(_root, name.Replace('/', Path.DirectorySeparatorChar));
}
