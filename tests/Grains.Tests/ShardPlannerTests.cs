using Cluster.Grains.Planning;
using Cluster.Tests.Shared;

namespace Cluster.Grains.Tests;

/// <summary>The plan: deterministic, complete, and dependent on the seed and shard count only.</summary>
public sealed class ShardPlannerTests : IDisposable
{
    private readonly TempDirectory _temp = new("cluster-plan");
    private readonly GeneratedDataset _data;

    public ShardPlannerTests() => _data = GeneratedDataset.Create(_temp.File("data"), images: 60, missing: 2);

    public void Dispose() => _temp.Dispose();

    private ConversionJobSpec Spec(string outName, long seed = 7, int shards = 4) => new()
    {
        Format = "csv", ManifestPath = _data.Manifest, ImagesRoot = _data.Images, OutputDir = _temp.File(outName), ShardCount = shards, Seed = seed,
    };

    private static List<string> Lists(ConversionJobSpec spec)
    {
        var folder = new WorkFolder(spec.OutputDir);
        return Enumerable.Range(0, spec.ShardCount).Select(i => File.ReadAllText(folder.ListOf(i))).ToList();
    }

    [Fact]
    public async Task Plan_SameSpecInTwoFolders_SameIdAndSameLists()
    {
        var a = Spec("a");
        var b = Spec("b");

        var planA = await ShardPlanner.PlanAsync(a, CancellationToken.None);
        var planB = await ShardPlanner.PlanAsync(b, CancellationToken.None);

        Assert.Equal(planA.ItemsPerShard, planB.ItemsPerShard);
        Assert.Equal(Lists(a), Lists(b));
        Assert.NotEqual(planA.PlanId, planB.PlanId); // the output folder is part of the spec
    }

    [Fact]
    public async Task Plan_EveryItem_InExactlyOneListSortedByHash()
    {
        var spec = Spec("out");

        var plan = await ShardPlanner.PlanAsync(spec, CancellationToken.None);

        var folder = new WorkFolder(spec.OutputDir);
        var keys = new List<string>();
        for (var i = 0; i < spec.ShardCount; i++)
        {
            var items = File.ReadLines(folder.ListOf(i)).Select(l => System.Text.Json.JsonSerializer.Deserialize<WorkItem>(l, WorkJson.Options)!).ToList();
            Assert.All(items, it => Assert.Equal((ulong)i, it.Hash % (ulong)spec.ShardCount));
            Assert.Equal(items.Select(it => it.Hash).Order(), items.Select(it => it.Hash));
            keys.AddRange(items.Select(it => it.Key));
        }

        Assert.Equal(62, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(62, plan.ItemsPlanned);
        Assert.Equal(_data.Rows, plan.RowsPlanned);
    }

    [Fact]
    public async Task Plan_OtherSeed_OtherPlacement()
    {
        var seven = Spec("seven", seed: 7);
        var eight = Spec("eight", seed: 8);

        await ShardPlanner.PlanAsync(seven, CancellationToken.None);
        await ShardPlanner.PlanAsync(eight, CancellationToken.None);

        Assert.NotEqual(Lists(seven), Lists(eight));
    }
}
