using System.Runtime.CompilerServices;

namespace Cluster.Formats.Manifests;

/// <summary>Reads the TF OD API / Roboflow CSV layout, one row per box, with Sep. Rows of one file name that are
/// consecutive stream in one pass; when a file name reappears later, a second pass groups rows in memory in
/// first-appearance order (the layout TF's generate_tfrecord.py also accepts).</summary>
internal static class CsvManifestReader
{
    public static async IAsyncEnumerable<ManifestItem> ReadAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        var grouped = IsGroupedByFileName(path);
        if (grouped)
        {
            await foreach (var item in StreamGroupsAsync(path, ct).ConfigureAwait(false))
            {
                yield return item;
            }

            yield break;
        }

        foreach (var item in GroupInMemory(path, ct))
        {
            yield return item;
        }
    }

    private static bool IsGroupedByFileName(string path)
    {
        using var rows = CsvRowSource.Open(path);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        while (rows.TryNextFileName(out var name))
        {
            if (name is null || name == current)
            {
                continue;
            }

            if (current is not null)
            {
                finished.Add(current);
            }

            if (finished.Contains(name))
            {
                return false;
            }

            current = name;
        }

        return true;
    }

    private static async IAsyncEnumerable<ManifestItem> StreamGroupsAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        using var rows = CsvRowSource.Open(path);
        var group = new CsvImageGroup();
        while (rows.TryNext(out var parsed))
        {
            ct.ThrowIfCancellationRequested();
            if (parsed.Rejected is not null)
            {
                yield return ManifestItem.Reject(parsed.Rejected);
                continue;
            }

            if (!group.Accepts(parsed.FileName!))
            {
                yield return ManifestItem.Of(group.Take());
            }

            group.Add(parsed);
        }

        if (!group.IsEmpty)
        {
            yield return ManifestItem.Of(group.Take());
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static IEnumerable<ManifestItem> GroupInMemory(string path, CancellationToken ct)
    {
        using var rows = CsvRowSource.Open(path);
        var groups = new Dictionary<string, CsvImageGroup>(StringComparer.Ordinal);
        var order = new List<CsvImageGroup>();
        var rejected = new List<ManifestItem>();
        while (rows.TryNext(out var parsed))
        {
            ct.ThrowIfCancellationRequested();
            if (parsed.Rejected is not null)
            {
                rejected.Add(ManifestItem.Reject(parsed.Rejected));
                continue;
            }

            if (!groups.TryGetValue(parsed.FileName!, out var group))
            {
                group = new CsvImageGroup();
                groups.Add(parsed.FileName!, group);
                order.Add(group);
            }

            group.Add(parsed);
        }

        return order.Select(g => ManifestItem.Of(g.Take())).Concat(rejected);
    }
}
