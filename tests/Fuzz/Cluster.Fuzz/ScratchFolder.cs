namespace Cluster.Fuzz;

/// <summary>A private folder (on /dev/shm when present) where file-based parsers get their input written.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder()
    {
        var parent = Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(parent, $"cluster-fuzz-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="relative"/> under the folder and returns the full path.</summary>
    public string Write(string relative, ReadOnlySpan<byte> bytes)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes.ToArray());
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover folder under /dev/shm is harmless.
        }
    }
}
