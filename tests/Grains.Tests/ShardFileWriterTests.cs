using Cluster.Grains.Hosting;
using Cluster.Grains.Planning;
using Cluster.Grains.Writing;
using Cluster.Tests.Shared;

namespace Cluster.Grains.Tests;

/// <summary>One shard written, reused when intact, rewritten byte-identically when not; cancelled writes publish nothing.</summary>
public sealed class ShardFileWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new("cluster-writer");
    private readonly ConversionJobSpec _spec;

    public ShardFileWriterTests()
    {
        var data = GeneratedDataset.Create(_temp.File("data"), images: 40, missing: 1);
        _spec = new ConversionJobSpec { Format = "csv", ManifestPath = data.Manifest, ImagesRoot = data.Images, OutputDir = _temp.File("out"), ShardCount = 2, Seed = 1 };
    }

    public void Dispose() => _temp.Dispose();

    private async Task<ShardAssignment> AssignmentAsync()
    {
        var plan = await ShardPlanner.PlanAsync(_spec, CancellationToken.None);
        return new ShardAssignment { JobId = "j", Index = 0, PlanId = plan.PlanId, Spec = _spec };
    }

    private static ShardFileWriter Writer(ShardAssignment a, IShardWriteGate? gate = null) => new(a, gate ?? new OpenShardWriteGate(), 4);

    [Fact]
    public async Task WriteOrReuse_IntactShard_KeptWithoutWriting()
    {
        var assignment = await AssignmentAsync();
        var first = Writer(assignment).WriteOrReuse(CancellationToken.None);
        var shard = Path.Combine(_spec.OutputDir, first.File);
        var written = File.GetLastWriteTimeUtc(shard);
        File.SetLastWriteTimeUtc(shard, written.AddMinutes(-5));

        var second = Writer(assignment).WriteOrReuse(CancellationToken.None);

        Assert.Equal(first, second with { QuarantinedByReason = first.QuarantinedByReason, BoxesPerClass = first.BoxesPerClass });
        Assert.Equal(written.AddMinutes(-5), File.GetLastWriteTimeUtc(shard));
    }

    [Fact]
    public async Task WriteOrReuse_TamperedShard_RewrittenByteIdentical()
    {
        var assignment = await AssignmentAsync();
        var first = Writer(assignment).WriteOrReuse(CancellationToken.None);
        var shard = Path.Combine(_spec.OutputDir, first.File);
        var original = File.ReadAllBytes(shard);
        var tampered = (byte[])original.Clone();
        tampered[^1] ^= 0xFF;
        File.WriteAllBytes(shard, tampered);

        var second = Writer(assignment).WriteOrReuse(CancellationToken.None);

        Assert.Equal(original, File.ReadAllBytes(shard));
        Assert.Equal(first.Sha256, second.Sha256);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    public async Task Write_AnyCompression_RecordsSizeAndSha256OfPublishedFile(string compression)
    {
        var plan = await ShardPlanner.PlanAsync(_spec with { Compression = compression }, CancellationToken.None);
        var assignment = new ShardAssignment { JobId = "j", Index = 0, PlanId = plan.PlanId, Spec = _spec with { Compression = compression } };

        var result = Writer(assignment).WriteOrReuse(CancellationToken.None);

        var bytes = File.ReadAllBytes(Path.Combine(_spec.OutputDir, result.File));
        Assert.Equal(bytes.LongLength, result.Bytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), result.Sha256);
    }

    [Fact]
    public async Task WriteOrReuse_CancelledMidShard_PublishesNothing()
    {
        var assignment = await AssignmentAsync();
        using var cts = new CancellationTokenSource();

        Assert.ThrowsAny<OperationCanceledException>(() => Writer(assignment, new CancelAtFirstBatch(cts)).WriteOrReuse(cts.Token));

        Assert.Empty(Directory.EnumerateFiles(_spec.OutputDir, "*.tfrecord*"));
        Assert.Empty(Directory.EnumerateFiles(_spec.OutputDir, "*.tmp"));
        Assert.False(File.Exists(new WorkFolder(_spec.OutputDir).MarkerOf(0)));
    }

    private sealed class CancelAtFirstBatch(CancellationTokenSource cts) : IShardWriteGate
    {
        public void Pass(string jobId, int shard, long itemsDone, CancellationToken ct)
        {
            cts.Cancel();
            ct.ThrowIfCancellationRequested();
        }
    }
}
