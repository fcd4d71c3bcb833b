using System.Text;
using Cluster.Formats.Examples;
using Cluster.Formats.LabelMaps;
using Cluster.Formats.Manifests;
using Cluster.Formats.TfRecords;

namespace Cluster.Fuzz;

/// <summary>The harnesses, by name. Each treats only the library's own typed exception for that parser as the
/// expected answer to bad input; any other exception, a hang or a crash of the process is a finding.</summary>
internal static class FuzzHarnesses
{
    private const string YoloNames = "names: ['label_0', 'label_1']\n";

    public static IReadOnlyList<FuzzHarness> All { get; } =
    [
        new("tfrecord", "TfRecordReader over an uncompressed stream, every record read and CRC-checked",
            (input, _) => ReadRecords(input, TfRecordCompression.None), e => e is TfRecordException,
            data => [("records", SeedFiles.Framed(SeedFiles.Payloads(data, "tfrecords/datumaro-tfodapi__train.tfrecord", 1, 4096)
                .Concat(SeedFiles.Payloads(data, "tfrecords/datumaro-tfodapi__test.tfrecord", 1, 4096)).Select(p => p.Item2), TfRecordCompression.None)),
                SeedFiles.Whole(data, "tfrecords/datumaro-tfodapi__val.tfrecord")]),
        new("tfrecord-framed", "TfRecordReader over an uncompressed stream whose CRCs the harness repairs first (reaches past the checksums)",
            (input, _) => ReadRecords(FramingRepair.RepairCrcs(input), TfRecordCompression.None), e => e is TfRecordException,
            data => [("records", SeedFiles.Framed(SeedFiles.Payloads(data, "tfrecords/datumaro-tfodapi__train.tfrecord", 1, 4096)
                .Concat(SeedFiles.Payloads(data, "tfrecords/datumaro-tfodapi__test.tfrecord", 1, 4096)).Select(p => p.Item2), TfRecordCompression.None))]),
        new("tfrecord-gzip", "TfRecordReader over a GZIP stream (the decompressor and the framing together)",
            (input, _) => ReadRecords(input, TfRecordCompression.Gzip), e => e is TfRecordException,
            data => [SeedFiles.Whole(data, "tfrecords/tfx-penguin__Split-train_data_tfrecord-00000-of-00001.gz"),
                ("datumaro.gz", SeedFiles.Framed(SeedFiles.Payloads(data, "tfrecords/datumaro-tfodapi__train.tfrecord", 1, 4096).Select(p => p.Item2), TfRecordCompression.Gzip))]),
        new("example", "DetectionExample.Parse of one serialized tf.train.Example",
            (input, _) => DetectionExample.Parse(input), e => e is ExampleFormatException,
            data => SeedFiles.Payloads(data, "tfrecords/datumaro-tfodapi__train.tfrecord", 1, 4096)
                .Concat(SeedFiles.Payloads(data, "tfrecords/datumaro-tfodapi__test.tfrecord", 1, 4096))
                .Concat(SeedFiles.Payloads(data, "tfrecords/tfx-penguin__Split-train_data_tfrecord-00000-of-00001.gz", 1, 4096))),
        new("csv", "the CSV manifest reader (TF OD API layout) on one file",
            (input, scratch) => Drain(ManifestFormat.Csv, scratch.Write("labels.csv", input)), e => e is ManifestException,
            data => [SeedFiles.Head(data, "annotations/csv/raccoon/test_labels.csv", 8)]),
        new("voc", "the Pascal VOC reader on a folder holding one XML file",
            (input, scratch) => Drain(ManifestFormat.Voc, Path.GetDirectoryName(scratch.Write("voc/a.xml", input))!), e => e is ManifestException,
            data => [SeedFiles.Whole(data, "annotations/voc/raccoon/Annotations/raccoon-11.xml")]),
        new("coco", "the COCO instances JSON reader (both streamed passes)",
            (input, scratch) => Drain(ManifestFormat.Coco, scratch.Write("instances.json", input)), e => e is ManifestException,
            data => [SeedFiles.Whole(data, "annotations/coco/datumaro-coco_instances/annotations/instances_train.json"),
                SeedFiles.Whole(data, "annotations/coco/datumaro-coco_instances/annotations/instances_val.json")]),
        new("yolo", "the YOLO reader (Ultralytics layout): input is data.yaml, a NUL byte, then one label file; without NUL, a label file",
            RunYolo, e => e is ManifestException,
            data => [("with-yaml", [.. File.ReadAllBytes(Path.Combine(data, "annotations/yolo/datumaro-roboflow-yolo/data.yaml")), 0,
                        .. File.ReadAllBytes(Path.Combine(data, "annotations/yolo/datumaro-roboflow-yolo/train/labels/train_001.txt"))]),
                SeedFiles.Whole(data, "annotations/yolo/datumaro-roboflow-yolo/train/labels/train_002.txt")]),
        new("labelmap", "LabelMap.Parse of label_map.pbtxt text (decoded as UTF-8)",
            (input, _) => LabelMap.Parse(Encoding.UTF8.GetString(input), "label_map.pbtxt"), e => e is LabelMapFormatException,
            data => [SeedFiles.Whole(data, "tfrecords/datumaro-tfodapi__label_map.pbtxt")]),
    ];

    public static FuzzHarness? Find(string name) => All.FirstOrDefault(h => h.Name == name);

    private static void ReadRecords(byte[] input, TfRecordCompression compression)
    {
        using var reader = new TfRecordReader(new MemoryStream(input), "fuzz.tfrecord", new TfRecordReaderOptions { Compression = compression });
        while (reader.TryReadNext(out _))
        {
        }
    }

    private static void Drain(ManifestFormat format, string path)
    {
        foreach (var item in ManifestReaders.ReadAsync(format, path).ToBlockingEnumerable())
        {
            _ = item.RowCount;
        }
    }

    private static void RunYolo(byte[] input, ScratchFolder scratch)
    {
        var split = Array.IndexOf(input, (byte)0);
        var yaml = split >= 0 ? input.AsSpan(0, split) : Encoding.UTF8.GetBytes(YoloNames);
        var labels = split >= 0 ? input.AsSpan(split + 1) : input;
        var root = Path.Combine(scratch.Path, "yolo");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        scratch.Write("yolo/data.yaml", yaml);
        scratch.Write("yolo/train/images/a.jpg", []);
        scratch.Write("yolo/train/labels/a.txt", labels);
        Drain(ManifestFormat.Yolo, root);
    }
}
