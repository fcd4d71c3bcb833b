using System.Text.Json;

namespace Cluster.Formats.Manifests;

/// <summary>Writes quarantine entries as JSON lines (camelCase: sourceFile, line, image, className, reason, detail) to a
/// temporary file that <see cref="CompleteAsync"/> renames into place, so a reader never sees half a file.</summary>
public sealed class QuarantineWriter : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _path;
    private readonly string _tempPath;
    private readonly StreamWriter _writer;
    private bool _completed;

    public QuarantineWriter(string path)
    {
        _path = Path.GetFullPath(path);
        _tempPath = _path + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        _writer = new StreamWriter(_tempPath, append: false, new System.Text.UTF8Encoding(false));
    }

    /// <summary>Entries written so far.</summary>
    public long Count { get; private set; }

    public async ValueTask WriteAsync(QuarantineEntry entry, CancellationToken ct = default)
    {
        await _writer.WriteLineAsync(JsonSerializer.Serialize(entry, Json).AsMemory(), ct).ConfigureAwait(false);
        Count++;
    }

    /// <summary>Flushes and atomically publishes the file.</summary>
    public async ValueTask CompleteAsync(CancellationToken ct = default)
    {
        await _writer.FlushAsync(ct).ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        File.Move(_tempPath, _path, overwrite: true);
        _completed = true;
    }

    /// <summary>Reads a quarantine.jsonl back.</summary>
    public static IEnumerable<QuarantineEntry> ReadAll(string path)
        => File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<QuarantineEntry>(l, Json)!);

    public async ValueTask DisposeAsync()
    {
        if (_completed)
        {
            return;
        }

        await _writer.DisposeAsync().ConfigureAwait(false);
        File.Delete(_tempPath);
    }
}
