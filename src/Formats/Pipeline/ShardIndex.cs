using Cluster.Formats.Indexes;
using Cluster.Formats.TfRecords;
using Microsoft.Win32.SafeHandles;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// The records of one shard: the offset and payload length of each. A GZIP or ZLIB shard is first decompressed into a
/// temporary copy (<see cref="DecompressedShard"/>), whose offsets are those of the uncompressed stream; for an
/// uncompressed one they are taken from the DALI <c>.idx</c> beside
/// the shard (<c>FILE.idx</c> or <c>NAME.idx</c>) when it agrees with the file's size, else by walking the 12-byte
/// headers (length and its CRC checked, payloads not read: the loader checks the data CRC when it reads a record).
/// A bad header either throws (<see cref="CorruptRecordPolicy.Fail"/>, naming the file and the offset of the first damaged
/// record before it, else its own) or ends the shard there with the loss counted (<see cref="CorruptRecordPolicy.Skip"/>,
/// as the format core's reader stops at a bad frame).
/// </summary>
public sealed class ShardIndex
{
    private ShardIndex(ShardFile file, long[] offsets, int[] lengths, DecompressedShard? decompressed = null)
    {
        File = file;
        Offsets = offsets;
        Lengths = lengths;
        Decompressed = decompressed;
    }

    public ShardFile File { get; }

    public IReadOnlyList<long> Offsets { get; }

    public IReadOnlyList<int> Lengths { get; }

    public int Count => Lengths.Count;

    /// <summary>For a GZIP or ZLIB shard, its uncompressed copy, which the loader reads instead of the file.</summary>
    internal DecompressedShard? Decompressed { get; }

    public RecordHandle Handle(int ordinal, int epoch) => new(File.Index, Offsets[ordinal], Lengths[ordinal], epoch);

    /// <summary>Indexes <paramref name="file"/>; losses under Skip go to <paramref name="tally"/>.</summary>
    public static ShardIndex Load(ShardFile file, CorruptRecordPolicy policy, ReadTally tally)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(tally);
        if (IsCompressed(file.Path))
        {
            var copy = DecompressedShard.Create(file, policy, tally);
            return new ShardIndex(file, copy.Offsets, copy.Lengths, copy);
        }

        using var handle = System.IO.File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        var length = RandomAccess.GetLength(handle);
        return FromIdx(file, length) ?? Scan(file, handle, length, policy, tally);
    }

    /// <summary>GZIP or ZLIB by the file name, else by the first bytes (as <see cref="TfRecordReader.Open"/> decides).</summary>
    private static bool IsCompressed(string path)
    {
        if (ShardNames.CompressionOf(path) != TfRecordCompression.None)
        {
            return true;
        }

        using var handle = System.IO.File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> head = stackalloc byte[TfRecordFraming.HeaderSize];
        var read = RandomAccess.Read(handle, head, 0);
        return TfRecordStreams.Sniff(head[..read]) != TfRecordCompression.None;
    }

    private static ShardIndex? FromIdx(ShardFile file, long fileLength)
    {
        var idx = new[] { file.Path + ".idx", Path.ChangeExtension(file.Path, ".idx") }.FirstOrDefault(System.IO.File.Exists);
        if (idx is null)
        {
            return null;
        }

        var entries = TfRecordIndex.Read(idx);
        var expected = 0L;
        var offsets = new long[entries.Count];
        var lengths = new int[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var (offset, size) = entries[i];
            if (offset != expected || size - TfRecordFraming.Overhead > int.MaxValue)
            {
                return null; // not this file's index (stale or foreign): walk the headers instead
            }

            offsets[i] = offset;
            lengths[i] = (int)(size - TfRecordFraming.Overhead);
            expected = offset + size;
        }

        return expected == fileLength ? new ShardIndex(file, offsets, lengths) : null;
    }

    private static ShardIndex Scan(ShardFile file, SafeFileHandle handle, long fileLength, CorruptRecordPolicy policy, ReadTally tally)
    {
        var offsets = new List<long>();
        var lengths = new List<int>();
        Span<byte> header = stackalloc byte[TfRecordFraming.HeaderSize];
        var position = 0L;
        while (position < fileLength)
        {
            var bad = CheckHeader(file.Path, handle, position, fileLength, header, out var length);
            if (bad is not null)
            {
                if (policy == CorruptRecordPolicy.Fail)
                {
                    throw EarliestDamage(file.Path, handle, offsets, lengths) ?? bad;
                }

                var lost = Math.Max(1, (file.ExpectedRecords ?? 0) - offsets.Count);
                tally.Add(new ReadLoss(file.Path, position, lost, fileLength - position, bad.Message));
                break;
            }

            offsets.Add(position);
            lengths.Add(length);
            position += TfRecordFraming.Overhead + length;
        }

        return new ShardIndex(file, [.. offsets], [.. lengths]);
    }

    /// <summary>The first record before a bad header whose data CRC fails, so the error names the first damage in the file, as a sequential reader would.</summary>
    private static CorruptedRecordException? EarliestDamage(string path, SafeFileHandle handle, List<long> offsets, List<int> lengths)
    {
        for (var i = 0; i < offsets.Count; i++)
        {
            var frame = new byte[lengths[i] + TfRecordFraming.Overhead];
            RandomAccess.Read(handle, frame, offsets[i]);
            var data = frame.AsSpan(TfRecordFraming.HeaderSize, lengths[i]);
            var stored = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(TfRecordFraming.HeaderSize + lengths[i]));
            var actual = MaskedCrc32C.Compute(data);
            if (stored != actual)
            {
                return CorruptedRecordException.DataChecksumMismatch(path, offsets[i], stored, actual);
            }
        }

        return null;
    }

    private static TfRecordException? CheckHeader(string path, SafeFileHandle handle, long position, long fileLength, Span<byte> header, out int length)
    {
        length = 0;
        var read = RandomAccess.Read(handle, header, position);
        if (read < TfRecordFraming.HeaderSize)
        {
            return TruncatedRecordException.Create(path, position, "length header", read, TfRecordFraming.HeaderSize);
        }

        if (!TfRecordFraming.TryReadHeader(header, out var raw, out var stored, out var actual))
        {
            return CorruptedRecordException.LengthChecksumMismatch(path, position, stored, actual);
        }

        var remaining = fileLength - position - TfRecordFraming.HeaderSize;
        if (raw > (ulong)Math.Max(0, remaining - TfRecordFraming.FooterSize))
        {
            return raw > (ulong)remaining
                ? TruncatedRecordException.Create(path, position, "payload", remaining, (long)Math.Min(raw, long.MaxValue))
                : TruncatedRecordException.Create(path, position, "data CRC", remaining - (long)raw, TfRecordFraming.FooterSize);
        }

        if (raw > (ulong)TfRecordReaderOptions.DefaultMaxRecordLength)
        {
            return CorruptedRecordException.LengthTooLarge(path, position, raw, TfRecordReaderOptions.DefaultMaxRecordLength);
        }

        length = (int)raw;
        return null;
    }
}
