using Cluster.Silo.Tests.Processes;
using Cluster.Tests.Shared;

namespace Cluster.Silo.Tests;

/// <summary>One Azurite for the tests of a class.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private Azurite? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite not started");

    public async Task InitializeAsync() => _azurite = await Azurite.StartAsync(RepoPaths.Root);

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
