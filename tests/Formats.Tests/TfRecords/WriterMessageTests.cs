using Cluster.Formats.Examples;
using Cluster.Formats.TfRecords;
using Google.Protobuf;

namespace Cluster.Formats.Tests.TfRecords;

public sealed class WriterMessageTests
{
    [Theory]
    [InlineData(TfRecordCompression.None)]
    [InlineData(TfRecordCompression.Gzip)]
    public void WriteMessage_SmallAndLargeExamples_SameBytesAsWritingTheSerializedArray(TfRecordCompression compression)
    {
        // 10 bytes and 30 KB fit the 64 KiB buffer (the second only partly after the first); 100 KB and 200 KB go through a pooled buffer.
        var messages = new[] { 10, 30_000, 40_000, 100_000, 200_000, 5 }.Select((size, i) => Example(size, i)).ToList();

        var viaArrays = Write(compression, messages, (writer, message) => writer.Write(message.ToByteArray()));
        var viaMessages = Write(compression, messages, (writer, message) => writer.Write(message));

        Assert.Equal(viaArrays.Bytes, viaMessages.Bytes);
        Assert.Equal(viaArrays.Offsets, viaMessages.Offsets);
    }

    private static (byte[] Bytes, List<long> Offsets) Write(TfRecordCompression compression, IReadOnlyList<IMessage> messages, Func<TfRecordWriter, IMessage, long> write)
    {
        using var stream = new MemoryStream();
        var offsets = new List<long>();
        using (var writer = new TfRecordWriter(stream, compression, leaveOpen: true))
        {
            offsets.AddRange(messages.Select(m => write(writer, m)));
        }

        return (stream.ToArray(), offsets);
    }

    private static IMessage Example(int imageBytes, int seed)
    {
        var image = new byte[imageBytes];
        new Random(seed).NextBytes(image);
        return new DetectionExample { Width = 3, Height = 2, Filename = $"{seed}.jpg", Encoded = image, Sha256 = DetectionExample.Sha256Hex(image) }.ToExample();
    }
}
