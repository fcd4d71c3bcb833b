using Cluster.Formats.Indexes;
using Cluster.Formats.TfRecords;
using Cluster.Tests.Shared;

namespace Cluster.Formats.Tests.Indexes;

public sealed class TfRecordIndexTests
{
    [Fact]
    public void Build_RaccoonRecord_EntriesTileTheFile()
    {
        var path = RepoPaths.Data("tfrecords", "raccoon__test.record");

        var entries = TfRecordIndex.Build(path);

        Assert.Equal(40, entries.Count);
        Assert.Equal(0, entries[0].Offset);
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Offset + entries[i - 1].Size, entries[i].Offset);
        }

        Assert.Equal(new FileInfo(path).Length, entries[^1].Offset + entries[^1].Size);
    }

    [Fact]
    public void WriteThenRead_Entries_RoundTripInDaliTextFormat()
    {
        using var dir = new TempDirectory();
        var path = dir.File("a.idx");
        (long, long)[] entries = [(0, 116), (116, 20), (136, 16)];

        TfRecordIndex.Write(path, entries);

        Assert.Equal("0 116\n116 20\n136 16\n", File.ReadAllText(path));
        Assert.Equal(entries, TfRecordIndex.Read(path));
    }

    [Fact]
    public void Write_OffsetsFromWriter_MatchFrames()
    {
        using var memory = new MemoryStream();
        var entries = new List<(long, long)>();
        using (var writer = new TfRecordWriter(memory, leaveOpen: true))
        {
            foreach (var size in new[] { 10, 0, 300 })
            {
                entries.Add((writer.Write(new byte[size]), TfRecordIndex.FrameSize(size)));
            }
        }

        Assert.Equal([(0L, 26L), (26L, 16L), (42L, 316L)], entries);
        Assert.Equal(358, memory.Length);
    }

    [Fact]
    public void Read_MalformedLine_ThrowsNamingFileAndLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.idx");
        File.WriteAllText(path, "0 20\n20 x\n");

        var e = Assert.Throws<InvalidDataException>(() => TfRecordIndex.Read(path));

        Assert.Contains("bad.idx:2:", e.Message, StringComparison.Ordinal);
    }
}
