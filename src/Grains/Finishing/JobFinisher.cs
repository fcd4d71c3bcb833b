using Cluster.Formats.Datasets;
using Cluster.Formats.Manifests;
using Cluster.Grains.Planning;

namespace Cluster.Grains.Finishing;

/// <summary>
/// Ends a job whose shards are all published: label_map.pbtxt, quarantine.jsonl (the shards' parts merged in shard
/// order, so it is deterministic) and summary.json, each published atomically; then removes temporary files that a
/// killed writer left in the output folder.
/// </summary>
internal static class JobFinisher
{
    public static async Task<DatasetSummary> FinishAsync(string jobId, ConversionJobSpec spec, IReadOnlyList<ShardResult> shards, CancellationToken ct)
    {
        var folder = new WorkFolder(spec.OutputDir);
        File.Copy(folder.LabelMapFile, Path.Combine(folder.OutputDir, ".label_map.pbtxt.tmp"), overwrite: true);
        File.Move(Path.Combine(folder.OutputDir, ".label_map.pbtxt.tmp"), Path.Combine(folder.OutputDir, "label_map.pbtxt"), overwrite: true);

        await using (var quarantine = new QuarantineWriter(Path.Combine(folder.OutputDir, "quarantine.jsonl")))
        {
            foreach (var shard in shards)
            {
                foreach (var entry in QuarantineWriter.ReadAll(folder.QuarantineOf(shard.Index)))
                {
                    await quarantine.WriteAsync(entry, ct).ConfigureAwait(false);
                }
            }

            await quarantine.CompleteAsync(ct).ConfigureAwait(false);
        }

        var summary = Summarize(jobId, spec, shards);
        summary.Save(Path.Combine(folder.OutputDir, DatasetSummary.FileName));
        RemoveStrayTemporaries(folder.OutputDir, spec.Name);
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

    /// <summary>Deletes <c>.NAME-*.tmp</c> files: shards a killed writer never published. They were never taken for shards.</summary>
    private static void RemoveStrayTemporaries(string outputDir, string name)
    {
        foreach (var temp in Directory.EnumerateFiles(outputDir, $".{name}-*.tmp"))
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
}
