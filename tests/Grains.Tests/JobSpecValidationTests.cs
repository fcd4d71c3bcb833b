using Cluster.Tests.Shared;

namespace Cluster.Grains.Tests;

/// <summary>A job spec is checked when the job is submitted, before anything is recorded or written: a bad one is
/// refused with the setting named, the job stays unknown and the output folder stays empty.</summary>
[Collection(ConversionCluster.Collection)]
public sealed class JobSpecValidationTests(OneSiloFixture silo) : IClassFixture<OneSiloFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("cluster-spec");
    private GeneratedDataset? _data;

    public void Dispose() => _temp.Dispose();

    private ConversionJobSpec Good()
    {
        _data ??= GeneratedDataset.Create(_temp.File("data"), images: 4, missing: 0);
        return new ConversionJobSpec
        {
            Format = "csv", ManifestPath = _data.Manifest, ImagesRoot = _data.Images, OutputDir = _temp.File("out"), ShardCount = 2,
        };
    }

    public static TheoryData<string, string> BadSpecs => new()
    {
        { "format", "unknown format 'parquet'" },
        { "compression", "unknown compression 'zstd'" },
        { "shards", "shard count must be 1-99999" },
        { "name", "bad shard name prefix '../escape'" },
        { "relative", "path must be absolute: 'relative/out'" },
        { "manifest", "manifest not found" },
        { "images", "images folder not found" },
        { "labelmap", "label map not found" },
        { "maxside", "MaxSide" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public async Task StartAsync_BadSpec_RefusedBeforeAnyWork(string bad, string expected)
    {
        var good = Good();
        var spec = bad switch
        {
            "format" => good with { Format = "parquet" },
            "compression" => good with { Compression = "zstd" },
            "shards" => good with { ShardCount = 0 },
            "name" => good with { Name = "../escape" },
            "relative" => good with { OutputDir = "relative/out" },
            "manifest" => good with { ManifestPath = _temp.File("nope.csv") },
            "images" => good with { ImagesRoot = _temp.File("no-images") },
            "labelmap" => good with { LabelMapPath = _temp.File("none.pbtxt") },
            "maxside" => good with { MaxSide = -5 },
            _ => throw new ArgumentOutOfRangeException(nameof(bad)),
        };
        Directory.CreateDirectory(good.OutputDir);
        var job = silo.Cluster.GrainFactory.GetGrain<IConversionJobGrain>($"bad-{bad}");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => job.StartAsync(spec));

        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JobPhase.Unknown, (await job.GetProgressAsync()).Phase);
        Assert.Empty(Directory.EnumerateFileSystemEntries(good.OutputDir));
    }
}
