using Cluster.Tests.Shared;
using Orleans.TestingHost;

namespace Cluster.Grains.Tests.Reading;

/// <summary>
/// One two-silo test cluster for the reader-grain tests (no storage: the reader grain keeps its pipeline in memory)
/// and the dataset they read: 7 shards of uneven size, 241 records in all.
/// </summary>
public sealed class ReaderClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("reader-grain");

    public TestCluster Cluster { get; private set; } = null!;

    public string Dataset => _temp.File("data");

    public IReadOnlyList<string> Ids { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Ids = ReaderShards.Write(Dataset, 40, 13, 61, 7, 35, 50, 35);
        Cluster = new TestClusterBuilder(2).Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        _temp.Dispose();
    }
}
