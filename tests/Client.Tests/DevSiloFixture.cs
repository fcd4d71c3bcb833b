using Cluster.Silo.Tests.Processes;

namespace Cluster.Client.Tests;

/// <summary>One running <c>cluster-silo</c> with Development settings (localhost clustering, memory storage).</summary>
public sealed class DevSiloFixture : IAsyncLifetime
{
    private SiloProcess? _silo;

    /// <summary>The gateway, as <c>--cluster</c> takes it.</summary>
    public string Address => $"127.0.0.1:{_silo?.GatewayPort ?? throw new InvalidOperationException("silo not started")}";

    public async Task InitializeAsync()
    {
        _silo = SiloProcess.Start("Development", new Dictionary<string, string>());
        await _silo.WaitStartedAsync(TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}
