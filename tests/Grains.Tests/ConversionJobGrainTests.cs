using Cluster.Formats.Datasets;
using Cluster.Formats.Manifests;
using Cluster.Tests.Shared;

namespace Cluster.Grains.Tests;

/// <summary>The exactly-once proof on a test cluster: a silo killed while shards are half written loses and duplicates
/// nothing, and every shard is byte-identical to the same job on one silo.</summary>
[Collection(ConversionCluster.Collection)]
public sealed class ConversionJobGrainTests : IDisposable
{
    private const int Images = 2000;
    private const int Missing = 5;
    private const int Shards = 16;
    private readonly TempDirectory _temp = new("cluster-grains");
    private readonly GeneratedDataset _data;

    public ConversionJobGrainTests() => _data = GeneratedDataset.Create(_temp.File("data"), Images, Missing);

    public void Dispose() => _temp.Dispose();

    private ConversionJobSpec Spec(string outName) => new()
    {
        Format = "csv",
        ManifestPath = _data.Manifest,
        ImagesRoot = _data.Images,
        OutputDir = _temp.File(outName),
        ShardCount = Shards,
        Seed = 42,
        Name = "gen",
    };

    [Fact]
    public async Task Convert_SiloKilledWhileWriting_NoRowLostOrDuplicatedAndBytesEqualOneSilo()
    {
        var baseline = Spec("one-silo");
        var gate1 = new WriteGate(holding: false);
        await using (var single = await ConversionCluster.StartAsync(1, gate1))
        {
            var job = single.GrainFactory.GetGrain<IConversionJobGrain>("baseline");
            await job.StartAsync(baseline);
            Assert.Equal(JobPhase.Completed, (await JobWatch.UntilFinishedAsync(job, TimeSpan.FromSeconds(60))).Phase);
        }

        var killed = Spec("three-silos");
        var gate3 = new WriteGate(holding: true);
        await using var cluster = await ConversionCluster.StartAsync(3, gate3);
        var killedJob = cluster.GrainFactory.GetGrain<IConversionJobGrain>("killed");
        await killedJob.StartAsync(killed);
        await JobWatch.UntilAsync(() => gate3.Held.Count == Shards, TimeSpan.FromSeconds(60), "every shard writer to be half-way");
        var jobSilo = await killedJob.GetSiloAsync();
        var victim = cluster.SecondarySilos.First(s => s.SiloAddress.ToString() != jobSilo && gate3.Held.Values.Contains(s.SiloAddress.ToString()));
        var victimShards = gate3.Held.Where(p => p.Value == victim.SiloAddress.ToString()).Select(p => p.Key).ToList();

        gate3.Kill(victim.SiloAddress.ToString());
        await cluster.KillSiloAsync(victim);
        gate3.ReleaseAll();
        var progress = await JobWatch.UntilFinishedAsync(killedJob, TimeSpan.FromSeconds(90));

        Assert.Equal(JobPhase.Completed, progress.Phase);
        Assert.NotEmpty(victimShards);
        // Every shard the killed silo held half-written was written again, from the start, by a surviving silo. (The job's
        // Redrives counter is informational: if the job's directory entry lived on the killed silo, a fresh activation of
        // the job grain takes over and counts from its last saved state.)
        var victimAddress = victim.SiloAddress.ToString();
        Assert.All(victimShards, s => Assert.True(gate3.PassedOpen.TryGetValue(s, out var by) && by != victimAddress,
            $"shard {s} of the killed silo was not re-driven to a surviving silo (redrives seen: {progress.Redrives})"));
        AssertEveryRowOnce(killed.OutputDir);
        AssertSameShards(baseline.OutputDir, killed.OutputDir);
    }

    private void AssertEveryRowOnce(string outputDir)
    {
        var examples = ShardReadBack.ReadAll(outputDir, "gen");
        var files = examples.Select(e => e.Filename).ToList();
        Assert.Equal(files.Count, files.Distinct().Count());
        Assert.Equal(Images, files.Count);
        var expectedBoxes = File.ReadLines(_data.Manifest).Skip(1).Select(l => l.Split(',')[0]).Where(f => !_data.MissingImages.Contains(f))
            .GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expectedBoxes, examples.ToDictionary(e => e.Filename, e => e.Objects.Count));

        var quarantined = QuarantineWriter.ReadAll(Path.Combine(outputDir, "quarantine.jsonl")).ToList();
        Assert.Equal(_data.MissingImages.Order(), quarantined.Select(q => q.Image!).Order());
        Assert.All(quarantined, q => Assert.Equal(QuarantineReasons.MissingImage, q.Reason));

        var summary = DatasetSummary.Load(outputDir);
        Assert.Equal(_data.Rows, summary.RowsRead);
        Assert.Equal(summary.RowsRead, summary.BoxesWritten + summary.RowsQuarantined);
        Assert.Equal(examples.Sum(e => e.Objects.Count), summary.BoxesWritten);
        Assert.Equal(Shards, summary.Shards.Count);
    }

    private static void AssertSameShards(string expectedDir, string actualDir)
    {
        var expected = ShardReadBack.ShardFiles(expectedDir, "gen");
        var actual = ShardReadBack.ShardFiles(actualDir, "gen");
        Assert.Equal(Shards, expected.Count);
        Assert.Equal(expected.Select(Path.GetFileName), actual.Select(Path.GetFileName));
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.True(File.ReadAllBytes(e).AsSpan().SequenceEqual(File.ReadAllBytes(a)), $"{Path.GetFileName(a)} differs from the one-silo run");
            Assert.Equal(File.ReadAllText(e + ".idx"), File.ReadAllText(a + ".idx"));
        }

        foreach (var file in new[] { "label_map.pbtxt", "quarantine.jsonl" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(expectedDir, file)), File.ReadAllText(Path.Combine(actualDir, file)));
        }

        Assert.Empty(Directory.EnumerateFiles(actualDir, "*.tmp"));
    }
}
