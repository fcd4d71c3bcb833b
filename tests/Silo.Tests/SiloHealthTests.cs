using System.Net;
using System.Net.Sockets;
using Cluster.Silo.Tests.Processes;

namespace Cluster.Silo.Tests;

/// <summary>The silo's side of the k8s contract: probes on <c>Cluster__HealthPort</c>, the Orleans Dashboard on
/// <c>Cluster__DashboardPort</c> bound to loopback, every listener on loopback unless an address is configured.</summary>
public sealed class SiloHealthTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Start_WithHealthAndDashboardPorts_ProbesAnswerAndDashboardServesOnLoopback()
    {
        int health = FreePort.Next(), dashboard = FreePort.Next();
        await using var silo = SiloProcess.Start("Development", new Dictionary<string, string>
        {
            ["Clustering"] = "Localhost",
            ["Storage"] = "Memory",
            ["HealthPort"] = $"{health}",
            ["DashboardPort"] = $"{dashboard}",
            ["ShutdownTimeout"] = "00:00:05",
        });
        await silo.WaitStartedAsync(TimeSpan.FromSeconds(90));

        var live = await Http.GetAsync(new Uri($"http://127.0.0.1:{health}/healthz/live"));
        var ready = await ReadyAsync(health);
        var ui = await Http.GetAsync(new Uri($"http://127.0.0.1:{dashboard}/"));
        var probeOnDashboardPort = await Http.GetAsync(new Uri($"http://127.0.0.1:{dashboard}/healthz/ready"));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Equal("text/html", ui.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, probeOnDashboardPort.StatusCode);
        Assert.Contains($"Now listening on: http://127.0.0.1:{health}", silo.Log, StringComparison.Ordinal);
        Assert.Contains($"Now listening on: http://127.0.0.1:{dashboard}", silo.Log, StringComparison.Ordinal);
        if (NonLoopbackAddress() is { } external)
        {
            Assert.False(await AcceptsAsync(external, dashboard), $"dashboard reachable on {external}");
            Assert.False(await AcceptsAsync(external, health), $"health port reachable on {external}");
            Assert.False(await AcceptsAsync(external, silo.GatewayPort), $"gateway reachable on {external}");
        }
    }

    /// <summary>Polls readiness: 503 while the silo joins membership, then 200.</summary>
    private static async Task<HttpStatusCode> ReadyAsync(int port)
    {
        var status = HttpStatusCode.ServiceUnavailable;
        for (var i = 0; i < 100 && status != HttpStatusCode.OK; i++)
        {
            status = (await Http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz/ready"))).StatusCode;
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"ready answered {status}");
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(100);
            }
        }

        return status;
    }

    private static IPAddress? NonLoopbackAddress() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    private static async Task<bool> AcceptsAsync(IPAddress address, int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address, port).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }
}
