using Cluster.Formats.TfRecords;
using Microsoft.Win32.SafeHandles;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// A GZIP or ZLIB shard decompressed once, front to back (every record's CRCs checked by <see cref="TfRecordReader"/>),
/// into an unnamed temporary file, so the loader can read its records in shuffled order as from an uncompressed shard:
/// the offsets are those of the uncompressed stream, as <see cref="TfRecordReader.LastRecordOffset"/> reports them. The
/// file lives in <see cref="Path.GetTempPath"/> (it is deleted as soon as it is created: only the open handle and any
/// mapping of it keep its space), and costs that much disk (or page cache) until the reader is disposed. A reader that
/// resumes from a saved state decompresses such a shard again from its start the first time it needs one of its records.
/// </summary>
internal sealed class DecompressedShard : IDisposable
{
    /// <summary>How many times its own size a compressed shard may expand to (TFRecords of JPEGs barely compress).</summary>
    public const long MaxExpansion = 100;

    /// <summary>What any compressed shard may expand to, however small it is.</summary>
    public const long MinAllowance = 64L << 20;

    private DecompressedShard(SafeFileHandle handle, long length, long[] offsets, int[] lengths)
    {
        Handle = handle;
        Length = length;
        Offsets = offsets;
        Lengths = lengths;
    }

    /// <summary>The temporary file holding the uncompressed stream (read-only use).</summary>
    public SafeFileHandle Handle { get; }

    public long Length { get; }

    public long[] Offsets { get; }

    public int[] Lengths { get; }

    /// <summary>
    /// Decompresses <paramref name="file"/>. A bad or truncated record throws naming the file and its offset in the
    /// uncompressed stream (<see cref="CorruptRecordPolicy.Fail"/>), or ends the shard there with the loss counted in
    /// <paramref name="tally"/> (<see cref="CorruptRecordPolicy.Skip"/>), as the sequential reader does.
    /// </summary>
    public static DecompressedShard Create(ShardFile file, CorruptRecordPolicy policy, ReadTally tally)
    {
        var temp = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cluster-shard-{Guid.NewGuid():N}.tfrecord");
        var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.None);
        try
        {
            File.Delete(temp);
            var offsets = new List<long>();
            var lengths = new List<int>();
            using var reader = TfRecordReader.Open(file.Path, new TfRecordReaderOptions { OnCorrupt = policy });
            var position = 0L;
            var pending = new byte[1 << 20];
            var used = 0;
            var limit = Math.Max(MinAllowance, MaxExpansion * new FileInfo(file.Path).Length);
            void Append(ReadOnlySpan<byte> bytes)
            {
                if (position + bytes.Length > limit)
                {
                    throw new InvalidDataException(
                        $"{file.Path}: decompresses past {limit:N0} bytes at uncompressed offset {position:N0} " +
                        $"(more than {MaxExpansion}x its size, or {MinAllowance >> 20} MiB); refused as a likely decompression bomb");
                }

                if (used + bytes.Length > pending.Length)
                {
                    RandomAccess.Write(handle, pending.AsSpan(0, used), position - used);
                    used = 0;
                }

                if (bytes.Length > pending.Length)
                {
                    RandomAccess.Write(handle, bytes, position);
                }
                else
                {
                    bytes.CopyTo(pending.AsSpan(used));
                    used += bytes.Length;
                }

                position += bytes.Length;
            }

            Span<byte> frame = stackalloc byte[TfRecordFraming.HeaderSize];
            while (reader.TryReadNext(out var record))
            {
                offsets.Add(position);
                lengths.Add(record.Length);
                TfRecordFraming.WriteHeader(frame, record.Length);
                Append(frame);
                Append(record.Span);
                TfRecordFraming.WriteFooter(frame[..TfRecordFraming.FooterSize], record.Span);
                Append(frame[..TfRecordFraming.FooterSize]);
            }

            RandomAccess.Write(handle, pending.AsSpan(0, used), position - used);
            if (reader.SkipReason is { } reason)
            {
                var lost = Math.Max(reader.SkippedRecords, Math.Max(1, (file.ExpectedRecords ?? 0) - offsets.Count));
                tally.Add(new ReadLoss(file.Path, reason.Offset, lost, reader.SkippedBytes, reason.Message));
            }

            return new DecompressedShard(handle, position, [.. offsets], [.. lengths]);
        }
        catch
        {
            handle.Dispose();
            File.Delete(temp);
            throw;
        }
    }

    public void Dispose() => Handle.Dispose();
}
