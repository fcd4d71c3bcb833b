using Cluster.Formats.Datasets;
using Cluster.Tests.Shared;

namespace Cluster.Formats.Tests.Datasets;

public sealed class DatasetSummaryTests
{
    [Fact]
    public void SaveLoad_FolderPath_RoundTripsShardsAndCounts()
    {
        using var dir = new TempDirectory();
        var summary = new DatasetSummary
        {
            JobId = "job-1",
            Name = "train",
            Seed = 7,
            Shards = [new ShardSummary(0, "train-00000-of-00001.tfrecord", 3, 1234, new string('a', 64)) { BoxesPerClass = new Dictionary<string, long> { ["cat"] = 2 } }],
            RowsRead = 5,
            BoxesWritten = 4,
            RowsQuarantined = 1,
            QuarantinedByReason = new Dictionary<string, long> { ["missing-image"] = 1 },
        };

        summary.Save(dir.File(DatasetSummary.FileName));
        var loaded = DatasetSummary.Load(dir.Path);

        Assert.Equal("train", loaded.Name);
        var shard = Assert.Single(loaded.Shards);
        Assert.Equal(summary.Shards[0] with { BoxesPerClass = shard.BoxesPerClass }, shard);
        Assert.Equal(2, shard.BoxesPerClass["cat"]);
        Assert.Equal(1, loaded.QuarantinedByReason["missing-image"]);
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Load_NotJson_ThrowsInvalidDataNamingFile()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("summary.json"), "{ not json");

        var e = Assert.Throws<InvalidDataException>(() => DatasetSummary.Load(dir.File("summary.json")));

        Assert.Contains("summary.json", e.Message);
    }
}
