using System.Net;
using System.Net.Sockets;
using Cluster.Silo;
using Microsoft.Extensions.Hosting;

namespace Cluster.Trainer.Tests;

/// <summary>
/// A real silo in the test process (the same <see cref="SiloSetup"/> as <c>cluster-silo</c>, localhost clustering,
/// memory storage) on free loopback ports, for trainer processes to connect to with <c>--cluster 127.0.0.1:PORT</c>
/// and <c>Cluster__ClusterId</c> / <c>Cluster__ServiceId</c> = <see cref="ClusterId"/>.
/// </summary>
internal sealed class LoopbackSilo : IAsyncDisposable
{
    private readonly IHost host;

    private LoopbackSilo(IHost host, int gatewayPort, string clusterId) => (this.host, GatewayPort, ClusterId) = (host, gatewayPort, clusterId);

    public int GatewayPort { get; }

    public string ClusterId { get; }

    public string Address => $"127.0.0.1:{GatewayPort}";

    public static async Task<LoopbackSilo> StartAsync()
    {
        var id = $"trainer-test-{Guid.NewGuid():N}";
        var gateway = FreePort();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => SiloSetup.Apply(silo, new SiloSettings
        {
            Clustering = ClusteringKind.Localhost,
            Storage = StorageKind.Memory,
            SiloPort = FreePort(),
            GatewayPort = gateway,
            ClusterId = id,
            ServiceId = id,
        }));
        var host = builder.Build();
        await host.StartAsync();
        return new LoopbackSilo(host, gateway, id);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await host.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // The process ends after the tests anyway.
        }

        host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
