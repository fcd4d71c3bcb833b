using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Cluster.Telemetry.Tests;

/// <summary>A host that exports only the way production does: AddClusterTelemetry plus OTEL_* settings.</summary>
internal sealed class OtlpExportHost : IAsyncDisposable
{
    private readonly IHost host;

    private OtlpExportHost(IHost host) => this.host = host;

    public static async Task<OtlpExportHost> StartAsync(IDictionary<string, string?> otelSettings, string defaultServiceName)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(otelSettings);
        builder.AddClusterTelemetry(new ClusterTelemetryOptions { DefaultServiceName = defaultServiceName });
        var host = builder.Build();
        await host.StartAsync();
        return new OtlpExportHost(host);
    }

    /// <summary>Pushes pending spans and the current metric values to the receiver now.</summary>
    public void Flush()
    {
        Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000), "trace export to the receiver timed out");
        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000), "metric export to the receiver timed out");
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
