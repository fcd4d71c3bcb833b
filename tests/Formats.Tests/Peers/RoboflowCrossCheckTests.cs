using System.Text.Json;
using Cluster.Formats.Examples;
using Cluster.Formats.Tests.TfRecords;
using Cluster.Formats.TfRecords;
using Cluster.Tests.Shared;

namespace Cluster.Formats.Tests.Peers;

/// <summary>Records we write, read back by @roboflow/tfrecords@1.0.4 (JavaScript, google-protobuf 3.6.1).</summary>
public sealed class RoboflowCrossCheckTests
{
    private static readonly string[] Keys =
    [
        "image/height:Int64", "image/width:Int64", "image/filename:String", "image/source_id:String", "image/key/sha256:String",
        "image/encoded:Binary", "image/format:String", "image/object/bbox/xmin:Float", "image/object/bbox/xmax:Float",
        "image/object/bbox/ymin:Float", "image/object/bbox/ymax:Float", "image/object/class/text:String",
        "image/object/class/label:Int64", "image/object/difficult:Int64", "image/object/area:Float",
    ];

    private static List<DetectionExample> Examples(int count)
    {
        var random = new Random(7);
        return Enumerable.Range(0, count).Select(i =>
        {
            var encoded = TfRecordFiles.Payload(1000 + (i * 37), i);
            return new DetectionExample
            {
                Height = 100 + i,
                Width = 200 + i,
                Filename = $"images/ü-{i}.jpg",
                SourceId = $"{i}",
                Sha256 = DetectionExample.Sha256Hex(encoded),
                Encoded = encoded,
                Objects = Enumerable.Range(0, i % 4).Select(b => new DetectionObject(
                    random.NextSingle() / 2, 0.5f + (random.NextSingle() / 2), random.NextSingle() / 3, 0.9f,
                    $"class-{b}", b + 1, b % 2 == 0, false, "", false, random.NextSingle() * 1000)).ToList(),
            };
        }).ToList();
    }

    [Fact]
    public void RoboflowReader_OurDetectionRecords_DecodesSameCountAndValues()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ours.tfrecord");
        var examples = Examples(25);
        using (var writer = TfRecordWriter.Create(path))
        {
            examples.ForEach(e => writer.Write(e.ToByteArray()));
        }

        var (count, records) = RoboflowPeer.Read(path, Keys);

        Assert.Equal(examples.Count, count);
        for (var i = 0; i < count; i++)
        {
            AssertSame(examples[i], records[i]);
        }
    }

    [Fact]
    public void RoboflowReader_OurFileWithDamagedRecord_StopsWhereOurReaderThrows()
    {
        using var dir = new TempDirectory();
        var path = dir.File("damaged.tfrecord");
        var payloads = Examples(10).Select(e => e.ToByteArray()).ToList();
        var file = TfRecordFiles.Write(payloads);
        var fourth = payloads.Take(4).Sum(p => p.Length + 16L);
        file[fourth + 12 + 5] ^= 0x01;
        File.WriteAllBytes(path, file);

        var (peerCount, _) = RoboflowPeer.Read(path, "image/filename:String");
        using var reader = TfRecordReader.Open(path);
        var ours = 0;
        var e = Assert.Throws<CorruptedRecordException>(() =>
        {
            while (reader.TryReadNext(out _))
            {
                ours++;
            }
        });

        Assert.Equal(4, peerCount);
        Assert.Equal(peerCount, ours);
        Assert.Equal(fourth, e.Offset);
    }

    [Fact]
    public void RoboflowReader_GzipShardWeDecompress_AgreesOnCount()
    {
        using var dir = new TempDirectory();
        var plain = dir.File("penguin-plain.tfrecord");
        using (var writer = TfRecordWriter.Create(plain))
        {
            SharedRecords.ReadAll(SharedRecords.Penguin).ForEach(r => writer.Write(r));
        }

        Assert.Equal(234, RoboflowPeer.Read(plain).Count);
    }

    private static void AssertSame(DetectionExample expected, JsonElement actual)
    {
        long[] Ints(string key) => actual.GetProperty(key).EnumerateArray().Select(v => v.GetInt64()).ToArray();
        string[] Strings(string key) => actual.GetProperty(key).EnumerateArray().Select(v => v.GetString()!).ToArray();
        double[] Floats(string key) => actual.GetProperty(key).EnumerateArray().Select(v => v.GetDouble()).ToArray();

        Assert.Equal([expected.Height], Ints("image/height"));
        Assert.Equal([expected.Width], Ints("image/width"));
        Assert.Equal([expected.Filename], Strings("image/filename"));
        Assert.Equal([expected.SourceId], Strings("image/source_id"));
        Assert.Equal([expected.Sha256], Strings("image/key/sha256"));
        Assert.Equal([Convert.ToBase64String(expected.Encoded.Span)], Strings("image/encoded"));
        Assert.Equal(["jpeg"], Strings("image/format"));
        var o = expected.Objects;
        // A float32 widened to double is exact, so the JavaScript number must equal it exactly.
        Assert.Equal(o.Select(b => (double)b.XMin), Floats("image/object/bbox/xmin"));
        Assert.Equal(o.Select(b => (double)b.XMax), Floats("image/object/bbox/xmax"));
        Assert.Equal(o.Select(b => (double)b.YMin), Floats("image/object/bbox/ymin"));
        Assert.Equal(o.Select(b => (double)b.YMax), Floats("image/object/bbox/ymax"));
        Assert.Equal(o.Select(b => (double)b.Area), Floats("image/object/area"));
        Assert.Equal(o.Select(b => b.ClassText), Strings("image/object/class/text"));
        Assert.Equal(o.Select(b => b.ClassLabel), Ints("image/object/class/label"));
        Assert.Equal(o.Select(b => b.Difficult ? 1L : 0L), Ints("image/object/difficult"));
    }
}
