using System.Net;
using Cluster.Silo;
using Cluster.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Cluster.Client.Conversion;

/// <summary>
/// Where <c>cluster</c> runs its grains: an embedded in-process silo with memory storage (no <c>--cluster</c>), or a
/// running cluster reached as an Orleans client through its gateways (<c>--cluster HOST:PORT[,HOST:PORT...]</c>).
/// </summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    private static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ConnectRetryDelay = TimeSpan.FromSeconds(1);
    private readonly IHost _host;

    private ClusterConnection(IHost host, bool embedded)
    {
        _host = host;
        Embedded = embedded;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
    }

    public IGrainFactory Grains { get; }

    /// <summary>True for the in-process silo: its jobs end with the process (a re-run resumes from the work folder).</summary>
    public bool Embedded { get; }

    public static Task<ClusterConnection> OpenAsync(string? cluster, CancellationToken ct) => OpenAsync(cluster, consoleTelemetry: false, ct);

    /// <summary>Opens the connection; telemetry follows the OTEL_* variables (<paramref name="consoleTelemetry"/>: also to stdout).</summary>
    public static Task<ClusterConnection> OpenAsync(string? cluster, bool consoleTelemetry, CancellationToken ct)
        => OpenAsync(cluster, consoleTelemetry, "cluster", ct);

    /// <summary>The same, exporting telemetry as <paramref name="serviceName"/> (e.g. <c>cluster-trainer</c>) unless OTEL_SERVICE_NAME says otherwise.</summary>
    public static async Task<ClusterConnection> OpenAsync(string? cluster, bool consoleTelemetry, string serviceName, CancellationToken ct)
        => cluster is null
            ? await StartEmbeddedAsync(consoleTelemetry, serviceName, ct).ConfigureAwait(false)
            : await ConnectAsync(cluster, consoleTelemetry, serviceName, ct).ConfigureAwait(false);

    /// <summary>A host builder without the default sources, but with the environment (OTEL_*, Cluster__*) and telemetry.</summary>
    private static HostApplicationBuilder NewBuilder(bool consoleTelemetry, string serviceName)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddEnvironmentVariables();
        builder.AddClusterTelemetry(new ClusterTelemetryOptions { DefaultServiceName = serviceName, ConsoleExporter = consoleTelemetry });
        return builder;
    }

    private static async Task<ClusterConnection> StartEmbeddedAsync(bool consoleTelemetry, string serviceName, CancellationToken ct)
    {
        var builder = NewBuilder(consoleTelemetry, serviceName);
        var id = $"embedded-{Guid.NewGuid():N}";
        var settings = new SiloSettings
        {
            Clustering = ClusteringKind.Localhost,
            Storage = StorageKind.Memory,
            SiloPort = FreePorts.Next(),
            GatewayPort = FreePorts.Next(),
            ClusterId = id,
            ServiceId = id,
            RedriveSeconds = 1,
        };
        builder.UseOrleans(silo => SiloSetup.Apply(silo, settings));
        var host = builder.Build();
        await host.StartAsync(ct).ConfigureAwait(false);
        return new ClusterConnection(host, embedded: true);
    }

    private static async Task<ClusterConnection> ConnectAsync(string cluster, bool consoleTelemetry, string serviceName, CancellationToken ct)
    {
        var gateways = ParseGateways(cluster);
        var builder = NewBuilder(consoleTelemetry, serviceName);
        var connectTimeout = builder.Configuration.GetValue("Cluster:ConnectTimeout", DefaultConnectTimeout);
        var deadline = DateTimeOffset.UtcNow + connectTimeout;
        builder.UseOrleansClient(client =>
        {
            client.AddActivityPropagation();

            // Silos may still be starting (a Job and its Deployment applied together): retry until the deadline.
            client.UseConnectionRetryFilter(async (_, token) =>
            {
                if (DateTimeOffset.UtcNow + ConnectRetryDelay >= deadline)
                {
                    return false;
                }

                await Task.Delay(ConnectRetryDelay, token).ConfigureAwait(false);
                return true;
            });
            client.UseStaticClustering(gateways);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = builder.Configuration["Cluster:ClusterId"] ?? "cluster";
                o.ServiceId = builder.Configuration["Cluster:ServiceId"] ?? "cluster";
            });
        });
        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(connectTimeout + ConnectRetryDelay);
        try
        {
            await host.StartAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            host.Dispose();
            var reason = e is OperationCanceledException ? $"no gateway answered within {connectTimeout.TotalSeconds:F0} s (Cluster__ConnectTimeout)" : e.Message;
            throw new IOException($"cannot reach the cluster at {cluster}: {reason}", e);
        }

        return new ClusterConnection(host, embedded: false);
    }

    /// <summary>Parses <c>HOST:PORT[,HOST:PORT...]</c>; a host name is resolved, IPv4 first.</summary>
    public static IPEndPoint[] ParseGateways(string cluster)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var part in cluster.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(part.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new UsageException($"--cluster: expected HOST:PORT[,HOST:PORT...], got '{part}'");
            }

            var host = part[..colon];
            var address = IPAddress.TryParse(host, out var ip) ? ip
                : Dns.GetHostAddresses(host).OrderBy(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault()
                  ?? throw new UsageException($"--cluster: cannot resolve '{host}'");
            endpoints.Add(new IPEndPoint(address, port));
        }

        return endpoints.Count > 0 ? [.. endpoints] : throw new UsageException("--cluster: no gateway given");
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping took too long; the process is ending anyway.
        }

        _host.Dispose();
    }
}
