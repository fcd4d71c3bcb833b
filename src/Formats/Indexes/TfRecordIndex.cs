using System.Globalization;
using Cluster.Formats.TfRecords;

namespace Cluster.Formats.Indexes;

/// <summary>
/// DALI's TFRecord index (what <c>tfrecord2idx</c> writes): one line per record, <c>offset size</c>, where offset is the
/// frame's first byte and size the whole frame (12-byte header + payload + 4-byte CRC). Only for uncompressed shards.
/// </summary>
public static class TfRecordIndex
{
    /// <summary>The frame size of a record with a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static long FrameSize(long payloadLength) => payloadLength + TfRecordFraming.Overhead;

    /// <summary>Writes one <c>offset size</c> line per entry.</summary>
    public static void Write(TextWriter writer, IEnumerable<(long Offset, long Size)> entries)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var (offset, size) in entries)
        {
            writer.Write(offset.ToString(CultureInfo.InvariantCulture));
            writer.Write(' ');
            writer.Write(size.ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    /// <summary>Writes the index to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void Write(string path, IEnumerable<(long Offset, long Size)> entries)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var writer = new StreamWriter(temp, append: false, new System.Text.UTF8Encoding(false)))
            {
                Write(writer, entries);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Reads an index; a malformed line throws <see cref="InvalidDataException"/> naming the file and line.</summary>
    public static IReadOnlyList<(long Offset, long Size)> Read(string path)
    {
        var entries = new List<(long Offset, long Size)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 ||
                !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ||
                !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) ||
                size < TfRecordFraming.Overhead)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected 'offset size' (two non-negative integers, size >= 16), got '{line}'");
            }

            entries.Add((offset, size));
        }

        return entries;
    }

    /// <summary>Builds the index of an uncompressed TFRecord file by reading it (every CRC is checked).</summary>
    public static IReadOnlyList<(long Offset, long Size)> Build(string tfRecordPath)
    {
        using var reader = TfRecordReader.Open(tfRecordPath, new TfRecordReaderOptions { Compression = TfRecordCompression.None });
        var entries = new List<(long Offset, long Size)>();
        while (reader.TryReadNext(out var record))
        {
            entries.Add((reader.LastRecordOffset, FrameSize(record.Length)));
        }

        return entries;
    }
}
