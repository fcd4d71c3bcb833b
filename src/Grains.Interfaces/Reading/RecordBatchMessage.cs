using Cluster.Formats.Pipeline;

namespace Cluster.Grains.Reading;

/// <summary>
/// One <see cref="RecordBatch"/> on the wire: the records' encoded bytes (serialized tf.train.Example: the encoded image,
/// its boxes and ids) back to back in <see cref="Data"/>, never decoded tensors; decoding is the trainer's job.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RecordBatchMessage
{
    /// <summary>The batch size the handles asked for (more than the records when corrupt ones were skipped).</summary>
    [Id(0)] public required int Requested { get; init; }

    [Id(1)] public required RecordSlot[] Records { get; init; }

    /// <summary>The shard paths the records name, as the silo saw them.</summary>
    [Id(2)] public required string[] Files { get; init; }

    [Id(3)] public required byte[] Data { get; init; }

    /// <summary>Copies <paramref name="batch"/>'s records out of its (pooled) buffer; the caller still disposes the batch.</summary>
    public static RecordBatchMessage Copy(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var data = GC.AllocateUninitializedArray<byte>(batch.Records.Sum(r => r.Data.Length));
        var slots = new RecordSlot[batch.Count];
        var files = new List<string>();
        var at = 0;
        for (var i = 0; i < slots.Length; i++)
        {
            var record = batch.Records[i];
            var file = files.IndexOf(record.File);
            if (file < 0)
            {
                file = files.Count;
                files.Add(record.File);
            }

            record.Data.Span.CopyTo(data.AsSpan(at));
            var handle = record.Handle;
            slots[i] = new RecordSlot(handle.Shard, handle.Offset, handle.Length, handle.Epoch, at, file);
            at += record.Data.Length;
        }

        return new RecordBatchMessage { Requested = batch.Requested, Records = slots, Files = [.. files], Data = data };
    }

    /// <summary>The batch again, its records' bytes pointing into <see cref="Data"/> (nothing pooled: disposing is a no-op).</summary>
    public RecordBatch ToBatch()
    {
        var records = new ShardRecord[Records.Length];
        for (var i = 0; i < records.Length; i++)
        {
            var slot = Records[i];
            records[i] = new ShardRecord(new RecordHandle(slot.Shard, slot.Offset, slot.Length, slot.Epoch), Files[slot.File], Data.AsMemory(slot.Start, slot.Length));
        }

        return new RecordBatch(records, Requested);
    }
}
