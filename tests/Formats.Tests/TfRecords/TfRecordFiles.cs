using Cluster.Formats.TfRecords;

namespace Cluster.Formats.Tests.TfRecords;

/// <summary>Helpers that write and read whole TFRecord files or byte arrays in tests.</summary>
internal static class TfRecordFiles
{
    public static byte[] Write(IEnumerable<byte[]> records, TfRecordCompression compression = TfRecordCompression.None)
    {
        using var memory = new MemoryStream();
        using (var writer = new TfRecordWriter(memory, compression, leaveOpen: true))
        {
            foreach (var record in records)
            {
                writer.Write(record);
            }
        }

        return memory.ToArray();
    }

    public static List<byte[]> ReadAll(byte[] file, TfRecordReaderOptions? options = null, string name = "test.tfrecord")
    {
        using var reader = new TfRecordReader(new MemoryStream(file), name, options);
        return ReadAll(reader);
    }

    public static List<byte[]> ReadAll(TfRecordReader reader)
    {
        var records = new List<byte[]>();
        while (reader.TryReadNext(out var record))
        {
            records.Add(record.ToArray());
        }

        return records;
    }

    public static byte[] Payload(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
