using System.Collections.Concurrent;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// What the reader skipped under <see cref="TfRecords.CorruptRecordPolicy.Skip"/>, counted once per bad place (file and
/// offset), however many epochs or restores meet it again. Thread-safe.
/// </summary>
public sealed class ReadTally
{
    private readonly ConcurrentDictionary<(string File, long Offset), ReadLoss> _losses = new();

    /// <summary>Records skipped so far.</summary>
    public long SkippedRecords => _losses.Values.Sum(l => l.Records);

    /// <summary>Bytes skipped so far.</summary>
    public long SkippedBytes => _losses.Values.Sum(l => l.Bytes);

    /// <summary>Every place something was skipped, by file then offset.</summary>
    public IReadOnlyList<ReadLoss> Losses => [.. _losses.Values.OrderBy(l => l.File, StringComparer.Ordinal).ThenBy(l => l.Offset)];

    public void Add(ReadLoss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        _losses.TryAdd((loss.File, loss.Offset), loss);
    }
}
