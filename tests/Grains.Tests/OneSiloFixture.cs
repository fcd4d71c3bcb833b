using Orleans.TestingHost;

namespace Cluster.Grains.Tests;

/// <summary>One test silo shared by the tests of a class (for tests that need grains but no silo failures).</summary>
public sealed class OneSiloFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await ConversionCluster.StartAsync(1, new WriteGate(holding: false));

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
