using Orleans.TestingHost;

namespace Cluster.Grains.Tests.Training;

/// <summary>One test silo for the training-collective tests (their grains keep state in memory only).</summary>
public sealed class TrainingGrainsFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = new TestClusterBuilder(1).Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
            await Cluster.DisposeAsync();
    }
}
