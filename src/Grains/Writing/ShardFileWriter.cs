using System.Text.Json;
using Cluster.Formats.Indexes;
using Cluster.Formats.LabelMaps;
using Cluster.Formats.Manifests;
using Cluster.Formats.Records;
using Cluster.Formats.Telemetry;
using Cluster.Formats.TfRecords;
using Cluster.Grains.Hosting;
using Cluster.Grains.Planning;
using Cluster.Grains.Storage;

namespace Cluster.Grains.Writing;

/// <summary>
/// Writes one shard from its work list into the job's <see cref="IOutputStore"/>: records to a hidden temporary file
/// renamed into place (a folder) or to staged blocks committed at the end (Blob storage), published only after the last
/// record was written (a failure or cancellation publishes nothing); then the .idx (uncompressed shards), the shard's
/// quarantine part, and last the done marker with the SHA-256. Deterministic: the same list, images and options give the
/// same bytes, so a shard written again after a crash is byte-identical.
/// </summary>
internal sealed class ShardFileWriter(ShardAssignment assignment, IShardWriteGate gate, int progressBatch, string? writtenBy = null, StorageAccess? access = null)
{
    private readonly StorageAccess _access = access ?? new StorageAccess();

    /// <summary>Items of the work list handled so far (read by the grain's progress timer).</summary>
    public long ItemsDone => Interlocked.Read(ref _itemsDone);

    private long _itemsDone;

    /// <summary>The published shard's result: the recorded one when the shard is already intact, else a fresh write.</summary>
    public ShardResult WriteOrReuse(CancellationToken ct)
    {
        var spec = assignment.Spec;
        var compression = JobSpecs.CompressionOf(spec);
        using var store = _access.OpenOutput(spec.OutputDir, ct);
        if (ShardMarker.TryLoadValid(store, assignment.Index, assignment.PlanId, compression == TfRecordCompression.None) is { } done)
        {
            Interlocked.Exchange(ref _itemsDone, long.MaxValue);
            return done;
        }

        return Write(store, spec, compression, ct);
    }

    private ShardResult Write(IOutputStore store, ConversionJobSpec spec, TfRecordCompression compression, CancellationToken ct)
    {
        var fileName = JobSpecs.ShardFileName(spec, assignment.Index);
        var labelMap = LabelMap.Load(store.FetchLocal(WorkNames.LabelMap) ?? throw new FileNotFoundException($"{store.AddressOf(WorkNames.LabelMap)}: the plan's label map is missing"));
        var list = store.FetchLocal(WorkNames.ListOf(assignment.Index)) ?? throw new FileNotFoundException($"{store.AddressOf(WorkNames.ListOf(assignment.Index))}: the shard's work list is missing");
        var builder = new DetectionRecordBuilder(JobSpecs.ImageOptionsOf(spec), labelMap, _access.OpenImages(spec.ImagesRoot, ct));
        var tally = new ConversionTally();
        var perClass = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var index = new List<(long Offset, long Size)>();
        var quarantineName = WorkNames.QuarantineOf(assignment.Index);
        var quarantine = new QuarantineWriter(store.LocalPathOf(quarantineName));
        var telemetry = new ShardBatchTelemetry(assignment.JobId, assignment.Index, ClusterMetrics.Default);
        long records;
        long bytes;
        string sha256;
        try
        {
            using (var upload = store.BeginShard(fileName))
            {
                using var hashed = new Sha256WriteStream(upload.Stream);
                using (var writer = new TfRecordWriter(hashed, compression, leaveOpen: true))
                {
                    long n = 0;
                    foreach (var line in File.ReadLines(list))
                    {
                        ct.ThrowIfCancellationRequested();
                        telemetry.Begin();
                        var item = JsonSerializer.Deserialize<WorkItem>(line, WorkJson.Options)!.ToManifestItem();
                        WriteItem(item, builder, writer, tally, perClass, index, quarantine, telemetry);
                        if (++n % progressBatch == 0)
                        {
                            telemetry.End();
                            Interlocked.Exchange(ref _itemsDone, n);
                            gate.Pass(assignment.JobId, assignment.Index, n, ct);
                        }
                    }

                    telemetry.End();
                    Interlocked.Exchange(ref _itemsDone, n);
                    records = writer.RecordCount;
                }

                // The writer is disposed: a compressed stream has written its trailer, so the hash covers the whole file.
                bytes = hashed.Length;
                sha256 = hashed.Sha256Hex();
                upload.Commit();
            }
        }
        catch (Exception e)
        {
            telemetry.Fail(e);
            quarantine.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        quarantine.CompleteAsync(ct).AsTask().GetAwaiter().GetResult();
        store.PublishLocal(quarantineName);
        if (compression == TfRecordCompression.None)
        {
            var indexName = ShardMarker.IndexPathOf(fileName);
            TfRecordIndex.Write(store.LocalPathOf(indexName), index);
            store.PublishLocal(indexName);
        }

        var result = new ShardResult
        {
            Index = assignment.Index,
            PlanId = assignment.PlanId,
            File = fileName,
            Records = records,
            Bytes = bytes,
            Sha256 = sha256,
            RowsRead = tally.RowsRead,
            ImagesRead = tally.ImagesRead,
            ImagesWritten = tally.ImagesWritten,
            BoxesWritten = tally.BoxesWritten,
            BoxesFixed = tally.BoxesFixed,
            RowsQuarantined = tally.RowsQuarantined,
            QuarantinedByReason = new Dictionary<string, long>(tally.QuarantinedByReason),
            BoxesPerClass = new Dictionary<string, long>(perClass),
            WrittenBy = writtenBy,
        };
        ShardMarker.Save(store, result);
        return result;
    }

    private static void WriteItem(ManifestItem item, DetectionRecordBuilder builder, TfRecordWriter writer, ConversionTally tally,
        SortedDictionary<string, long> perClass, List<(long Offset, long Size)> index, QuarantineWriter quarantine, ShardBatchTelemetry telemetry)
    {
        tally.AddRead(item);
        if (item.Rejected is not null)
        {
            telemetry.RowQuarantined(item.Rejected.Reason);
            quarantine.WriteAsync(item.Rejected).AsTask().GetAwaiter().GetResult();
            return;
        }

        var built = builder.Build(item.Image!);
        tally.AddBuilt(built);
        foreach (var entry in built.Quarantined)
        {
            if (built.BoxesQuarantined > 0)
            {
                telemetry.RowQuarantined(entry.Reason); // counted as ConversionTally counts them (summary.json's rows)
            }

            quarantine.WriteAsync(entry).AsTask().GetAwaiter().GetResult();
        }

        if (built.ExampleMessage is null)
        {
            return;
        }

        var offset = writer.Write(built.ExampleMessage);
        var frameSize = writer.BytesWritten - offset;
        index.Add((offset, frameSize));
        telemetry.RecordWritten(frameSize);
        foreach (var box in built.Example!.Objects)
        {
            perClass[box.ClassText] = perClass.GetValueOrDefault(box.ClassText) + 1;
        }
    }
}
