using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Cluster.Formats.LabelMaps;
using Cluster.Formats.Manifests;
using Cluster.Grains.Storage;

namespace Cluster.Grains.Planning;

/// <summary>
/// Plans a job: one streaming pass over the manifest places every item (image, or rejected row) in shard
/// <c>XxHash64(key, seed) mod N</c> (key = image path, or file:line of a rejected row), then sorts each shard's list by
/// hash, key and source position. The plan depends only on the spec and the manifest, never on how many silos run it.
/// </summary>
internal static class ShardPlanner
{
    /// <summary>The plan in the work folder when it was made for this spec and is complete; otherwise a new one.</summary>
    public static Task<PlanSummary> PlanAsync(ConversionJobSpec spec, CancellationToken ct) => PlanAsync(spec, new StorageAccess(), ct);

    /// <summary>As <see cref="PlanAsync(ConversionJobSpec, CancellationToken)"/>, reaching Blob locations through <paramref name="access"/>.</summary>
    public static async Task<PlanSummary> PlanAsync(ConversionJobSpec spec, StorageAccess access, CancellationToken ct)
    {
        using var store = access.OpenOutput(spec.OutputDir, ct);
        var specJson = JobSpecs.ToJson(spec);
        if (WorkJson.TryLoad<PlanSummary>(store, WorkNames.Plan) is { } existing && existing.SpecJson == specJson &&
            store.Exists(WorkNames.LabelMap) && Enumerable.Range(0, spec.ShardCount).All(i => store.Exists(WorkNames.ListOf(i))))
        {
            return existing;
        }

        store.EnsureCreated();
        var (items, rows, classNames) = await SpreadAsync(spec, store, ct).ConfigureAwait(false);
        var labelMap = spec.LabelMapPath is not null ? LabelMap.Load(spec.LabelMapPath) : LabelMap.FromSortedNames(classNames);
        labelMap.Save(store.LocalPathOf(WorkNames.LabelMap));
        store.PublishLocal(WorkNames.LabelMap);

        var digest = new XxHash64();
        digest.Append(Encoding.UTF8.GetBytes(specJson));
        digest.Append(Encoding.UTF8.GetBytes(labelMap.ToPbtxt()));
        for (var i = 0; i < spec.ShardCount; i++)
        {
            ct.ThrowIfCancellationRequested();
            SortList(store, i, digest);
        }

        var plan = new PlanSummary(Convert.ToHexStringLower(digest.GetCurrentHash()), specJson, items, rows);
        WorkJson.Save(store, WorkNames.Plan, plan);
        return plan;
    }

    /// <summary>Seeded hash of a key: what places an item in a shard and orders it there.</summary>
    public static ulong HashOf(string key, long seed) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key), seed);

    private static async Task<(long[] Items, long Rows, SortedSet<string> Classes)> SpreadAsync(ConversionJobSpec spec, IOutputStore store, CancellationToken ct)
    {
        var writers = new StreamWriter[spec.ShardCount];
        var items = new long[spec.ShardCount];
        var classes = new SortedSet<string>(StringComparer.Ordinal);
        long rows = 0;
        try
        {
            for (var i = 0; i < writers.Length; i++)
            {
                writers[i] = new StreamWriter(store.LocalPathOf(WorkNames.UnsortedListOf(i)), append: false, new UTF8Encoding(false), bufferSize: 1 << 14);
            }

            // The local side of the work folder (the folder itself, or the Blob store's scratch folder) takes the spill files.
            var options = new ManifestReadOptions { TempDirectory = Path.GetDirectoryName(store.LocalPathOf(WorkNames.Plan))! };
            await foreach (var item in ManifestReaders.ReadAsync(JobSpecs.FormatOf(spec), spec.ManifestPath, options, ct).ConfigureAwait(false))
            {
                var key = item.Image?.ImagePath ?? string.Create(CultureInfo.InvariantCulture, $"{item.Rejected!.SourceFile}:{item.Rejected.Line}");
                var hash = HashOf(key, spec.Seed);
                var shard = (int)(hash % (ulong)spec.ShardCount);
                await writers[shard].WriteLineAsync(JsonSerializer.Serialize(new WorkItem(hash, key, item.Image, item.Rejected), WorkJson.Options)).ConfigureAwait(false);
                items[shard]++;
                rows += item.RowCount;
                foreach (var box in item.Image?.Boxes ?? [])
                {
                    if (!string.IsNullOrEmpty(box.ClassName))
                    {
                        classes.Add(box.ClassName);
                    }
                }
            }
        }
        finally
        {
            foreach (var writer in writers)
            {
                if (writer is not null)
                {
                    await writer.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        return (items, rows, classes);
    }

    private static void SortList(IOutputStore store, int shard, XxHash64 digest)
    {
        var unsorted = store.LocalPathOf(WorkNames.UnsortedListOf(shard));
        var list = File.ReadLines(unsorted)
            .Select(line => (Item: JsonSerializer.Deserialize<WorkItem>(line, WorkJson.Options)!, Line: line))
            .ToList();
        list.Sort((a, b) => WorkItemOrder.Instance.Compare(a.Item, b.Item));
        var target = store.LocalPathOf(WorkNames.ListOf(shard));
        var temp = target + $".{Guid.NewGuid():N}.tmp";
        using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(false), bufferSize: 1 << 14))
        {
            foreach (var (_, line) in list)
            {
                writer.Write(line);
                writer.Write('\n');
                digest.Append(Encoding.UTF8.GetBytes(line));
                digest.Append("\n"u8);
            }
        }

        File.Move(temp, target, overwrite: true);
        File.Delete(unsorted);
        store.PublishLocal(WorkNames.ListOf(shard));
    }
}
