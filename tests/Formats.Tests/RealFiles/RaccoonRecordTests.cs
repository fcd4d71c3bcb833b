using System.Globalization;
using Cluster.Formats.Examples;
using Cluster.Formats.Examples.Proto;
using Cluster.Formats.Tests.TfRecords;
using Cluster.Formats.TfRecords;

namespace Cluster.Formats.Tests.RealFiles;

/// <summary>raccoon__test.record, written by TensorFlow 1.x's OD API, against the CSV it was made from.</summary>
public sealed class RaccoonRecordTests
{
    private sealed record CsvRow(string Filename, int Width, int Height, string Class, int XMin, int YMin, int XMax, int YMax);

    private static List<CsvRow> CsvRows() =>
        File.ReadLines(SharedRecords.RaccoonLabels).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var c = line.Split(',');
            int I(int i) => int.Parse(c[i], CultureInfo.InvariantCulture);
            return new CsvRow(c[0], I(1), I(2), c[3], I(4), I(5), I(6), I(7));
        }).ToList();

    private static List<DetectionExample> Examples() => SharedRecords.ReadAll(SharedRecords.Raccoon).Select(r => DetectionExample.Parse(r)).ToList();

    [Fact]
    public void Read_RaccoonRecord_Has40ExamplesAnd44Boxes()
    {
        var examples = Examples();

        Assert.Equal(40, examples.Count);
        Assert.Equal(44, examples.Sum(e => e.Objects.Count));
        Assert.Equal(44, CsvRows().Count);
    }

    [Fact]
    public void Boxes_EveryOne_EqualsFloat32OfPixelOverSizeFromCsv()
    {
        var rowsByFile = CsvRows().GroupBy(r => r.Filename).ToDictionary(g => g.Key, g => g.ToList());
        var checkedBoxes = 0;
        foreach (var example in Examples())
        {
            var rows = rowsByFile[example.Filename];
            Assert.Equal(rows.Count, example.Objects.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var (row, box) = (rows[i], example.Objects[i]);
                // Python computed xmin / width as a 64-bit float; protobuf stored it as float32.
                Assert.Equal((float)((double)row.XMin / row.Width), box.XMin);
                Assert.Equal((float)((double)row.XMax / row.Width), box.XMax);
                Assert.Equal((float)((double)row.YMin / row.Height), box.YMin);
                Assert.Equal((float)((double)row.YMax / row.Height), box.YMax);
                Assert.Equal(row.Class, box.ClassText);
                Assert.Equal(1, box.ClassLabel);
                checkedBoxes++;
            }

            Assert.Equal((rows[0].Width, rows[0].Height), (example.Width, example.Height));
        }

        Assert.Equal(44, checkedBoxes);
    }

    [Fact]
    public void Examples_ImageFields_ReadAsWritten()
    {
        var examples = Examples();

        Assert.All(examples, e =>
        {
            Assert.Equal("jpg", e.Format);
            Assert.Equal(e.Filename, e.SourceId);
            Assert.Equal([0xFF, 0xD8], e.Encoded[..2].ToArray());
            Assert.Empty(e.OtherFeatures);
        });
    }

    [Fact]
    public void Rewrite_RaccoonPayloadsWithOurWriter_GivesIdenticalFileBytes()
    {
        var records = SharedRecords.ReadAll(SharedRecords.Raccoon);

        var ours = TfRecordFiles.Write(records);

        Assert.Equal(File.ReadAllBytes(SharedRecords.Raccoon), ours);
    }

    [Fact]
    public void Reserialize_TensorFlowExamples_ParseToEqualMessages()
    {
        foreach (var payload in SharedRecords.ReadAll(SharedRecords.Raccoon))
        {
            var original = Example.Parser.ParseFrom(payload);
            var ours = DetectionExample.FromExample(original).ToExample();

            // Ours also writes the OD API keys raccoon's script left out (sha256, difficult, ...), so compare the keys TF wrote.
            foreach (var (key, feature) in original.Features.Feature)
            {
                Assert.Equal(feature, ours.Features.Feature[key]);
            }
        }
    }

    [Fact]
    public void Verify_RaccoonRecord_OffsetsAreFrameStarts()
    {
        using var reader = TfRecordReader.Open(SharedRecords.Raccoon);
        var expected = 0L;
        while (reader.TryReadNext(out var record))
        {
            Assert.Equal(expected, reader.LastRecordOffset);
            expected += record.Length + 16;
        }

        Assert.Equal(new FileInfo(SharedRecords.Raccoon).Length, expected);
    }
}
