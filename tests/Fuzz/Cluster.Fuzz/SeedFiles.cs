using Cluster.Formats.TfRecords;

namespace Cluster.Fuzz;

/// <summary>Small excerpts of the shared test data, cut at run time (nothing third-party is copied into the repository).</summary>
internal static class SeedFiles
{
    /// <summary>The whole file, when it is small enough for a fuzzing seed.</summary>
    public static (string, byte[]) Whole(string data, string relative) =>
        (Path.GetFileName(relative), File.ReadAllBytes(Path.Combine(data, relative)));

    /// <summary>The first <paramref name="lines"/> lines of a text file.</summary>
    public static (string, byte[]) Head(string data, string relative, int lines) =>
        (Path.GetFileName(relative), System.Text.Encoding.UTF8.GetBytes(string.Join('\n', File.ReadLines(Path.Combine(data, relative)).Take(lines)) + "\n"));

    /// <summary>The payloads (serialized Examples) of the first records of a TFRecord file, each at most <paramref name="maxBytes"/>.</summary>
    public static IEnumerable<(string, byte[])> Payloads(string data, string relative, int count, int maxBytes)
    {
        using var reader = TfRecordReader.Open(Path.Combine(data, relative));
        var taken = 0;
        while (taken < count && reader.TryReadNext(out var record))
        {
            if (record.Length <= maxBytes)
            {
                taken++;
                yield return ($"{Path.GetFileName(relative)}-{reader.RecordCount}", record.ToArray());
            }
        }
    }

    /// <summary>A TFRecord file holding the given payloads, written by the library's writer.</summary>
    public static byte[] Framed(IEnumerable<byte[]> payloads, TfRecordCompression compression)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TfRecordWriter(buffer, compression, leaveOpen: true))
        {
            foreach (var payload in payloads)
            {
                writer.Write(payload);
            }
        }

        return buffer.ToArray();
    }
}
