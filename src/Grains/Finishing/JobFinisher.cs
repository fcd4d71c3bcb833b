using Cluster.Formats.Datasets;
using Cluster.Formats.Manifests;
using Cluster.Grains.Planning;
using Cluster.Grains.Storage;

namespace Cluster.Grains.Finishing;

/// <summary>
/// Ends a job whose shards are all published: label_map.pbtxt, quarantine.jsonl (the shards' parts merged in shard
/// order, so it is deterministic) and summary.json, each published atomically into the job's output location; then
/// removes temporary files that a killed writer left in an output folder.
/// </summary>
internal static class JobFinisher
{
    private const string LabelMapName = "label_map.pbtxt";
    private const string QuarantineName = "quarantine.jsonl";

    public static Task<DatasetSummary> FinishAsync(string jobId, ConversionJobSpec spec, IReadOnlyList<ShardResult> shards, CancellationToken ct)
        => FinishAsync(jobId, spec, shards, new StorageAccess(), ct);

    public static async Task<DatasetSummary> FinishAsync(string jobId, ConversionJobSpec spec, IReadOnlyList<ShardResult> shards, StorageAccess access, CancellationToken ct)
    {
        using var store = access.OpenOutput(spec.OutputDir, ct);
        var labelMap = store.FetchLocal(WorkNames.LabelMap) ?? throw new FileNotFoundException($"{store.AddressOf(WorkNames.LabelMap)}: the plan's label map is missing");
        var labelMapOut = store.LocalPathOf(LabelMapName);
        var labelMapTemp = Path.Combine(Path.GetDirectoryName(labelMapOut)!, ".label_map.pbtxt.tmp");
        File.Copy(labelMap, labelMapTemp, overwrite: true);
        File.Move(labelMapTemp, labelMapOut, overwrite: true);
        store.PublishLocal(LabelMapName);

        await using (var quarantine = new QuarantineWriter(store.LocalPathOf(QuarantineName)))
        {
            foreach (var shard in shards)
            {
                var part = store.FetchLocal(WorkNames.QuarantineOf(shard.Index))
                    ?? throw new FileNotFoundException($"{store.AddressOf(WorkNames.QuarantineOf(shard.Index))}: shard {shard.Index}'s quarantine part is missing");
                foreach (var entry in QuarantineWriter.ReadAll(part))
                {
                    await quarantine.WriteAsync(entry, ct).ConfigureAwait(false);
                }
            }

            await quarantine.CompleteAsync(ct).ConfigureAwait(false);
        }

        store.PublishLocal(QuarantineName);
        var summary = Summarize(jobId, spec, shards);
        summary.Save(store.LocalPathOf(DatasetSummary.FileName));
        store.PublishLocal(DatasetSummary.FileName);
        store.RemoveStrayTemporaries(spec.Name);
        return summary;
    }

    public static DatasetSummary Summarize(string jobId, ConversionJobSpec spec, IReadOnlyList<ShardResult> shards) => new()
    {
        JobId = jobId,
        Name = spec.Name,
        Seed = spec.Seed,
        Compression = JobSpecs.CompressionOf(spec) == Formats.TfRecords.TfRecordCompression.Gzip ? "gzip" : "none",
        Shards = shards.Select(s => new ShardSummary(s.Index, s.File, s.Records, s.Bytes, s.Sha256) { BoxesPerClass = Sorted(s.BoxesPerClass) }).ToList(),
        RowsRead = shards.Sum(s => s.RowsRead),
        ImagesWritten = shards.Sum(s => s.ImagesWritten),
        BoxesWritten = shards.Sum(s => s.BoxesWritten),
        BoxesFixed = shards.Sum(s => s.BoxesFixed),
        RowsQuarantined = shards.Sum(s => s.RowsQuarantined),
        QuarantinedByReason = Merge(shards.Select(s => s.QuarantinedByReason)),
        BoxesPerClass = Merge(shards.Select(s => s.BoxesPerClass)),
    };

    private static SortedDictionary<string, long> Sorted(IReadOnlyDictionary<string, long> counts) => new(counts.ToDictionary(), StringComparer.Ordinal);

    private static SortedDictionary<string, long> Merge(IEnumerable<IReadOnlyDictionary<string, long>> parts)
    {
        var merged = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, count) in parts.SelectMany(p => p))
        {
            merged[key] = merged.GetValueOrDefault(key) + count;
        }

        return merged;
    }
}
