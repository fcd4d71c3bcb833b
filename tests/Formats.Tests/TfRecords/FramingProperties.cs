using Cluster.Formats.TfRecords;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cluster.Formats.Tests.TfRecords;

public sealed class FramingProperties
{
    private static byte[][] Clean(byte[][]? records) => records?.Where(r => r is not null).ToArray() ?? [];

    [Property(MaxTest = 200)]
    public bool WriteThenRead_AnyRecords_RoundTrip(byte[][] records, bool gzip)
    {
        var clean = Clean(records);
        var compression = gzip ? TfRecordCompression.Gzip : TfRecordCompression.None;

        var read = TfRecordFiles.ReadAll(TfRecordFiles.Write(clean, compression), new TfRecordReaderOptions { Compression = compression });

        return read.Count == clean.Length && read.Zip(clean).All(p => p.First.AsSpan().SequenceEqual(p.Second));
    }

    [Property(MaxTest = 200)]
    public Property AnySingleBitFlip_IsDetectedAtTheRecordHoldingIt(NonEmptyArray<byte[]> records, PositiveInt position, byte bit)
    {
        var clean = Clean(records.Get);
        var file = TfRecordFiles.Write(clean);
        var at = position.Get % file.Length;
        var damaged = CorruptFiles.FlipBit(file, at, bit % 8);
        var recordStart = RecordStartHolding(clean, at);

        var e = Record.Exception(() => TfRecordFiles.ReadAll(damaged));

        // A flipped length may make the reader see a truncated or oversized frame; any other flip is a CRC mismatch.
        return (e is TfRecordException te && te.Offset == recordStart).Label($"flip at {at}: {e?.Message ?? "no error"}");
    }

    [Property(MaxTest = 200)]
    public Property AnyCutInsideARecord_IsTruncatedAtItsStart(NonEmptyArray<byte[]> records, PositiveInt position)
    {
        var clean = Clean(records.Get);
        var file = TfRecordFiles.Write(clean);
        var cut = position.Get % file.Length;
        var recordStart = RecordStartHolding(clean, cut);

        var e = Record.Exception(() => TfRecordFiles.ReadAll(file[..cut]));

        var expected = cut == recordStart ? e is null : e is TruncatedRecordException t && t.Offset == recordStart;
        return expected.Label($"cut at {cut}: {e?.Message ?? "clean end"}");
    }

    private static long RecordStartHolding(byte[][] records, long position)
    {
        long start = 0;
        foreach (var record in records)
        {
            var next = start + record.Length + 16;
            if (position < next)
            {
                return start;
            }

            start = next;
        }

        return start;
    }
}
