using System.Diagnostics;
using Cluster.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Cluster.Telemetry.Tests;

/// <summary>A started host with <see cref="ClusterTelemetryHosting.AddClusterTelemetry"/> plus in-memory exporters.</summary>
internal sealed class InMemoryTelemetryHost : IAsyncDisposable
{
    private readonly IHost host;

    private InMemoryTelemetryHost(IHost host, List<Activity> spans, List<MetricSnapshot> metrics)
    {
        this.host = host;
        Spans = spans;
        Metrics = metrics;
    }

    public List<Activity> Spans { get; }

    public List<MetricSnapshot> Metrics { get; }

    public IServiceProvider Services => host.Services;

    public static async Task<InMemoryTelemetryHost> StartAsync(
        IDictionary<string, string?>? configuration = null, ClusterTelemetryOptions? options = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
        builder.AddClusterTelemetry(options ?? new ClusterTelemetryOptions { DefaultServiceName = "telemetry-tests" });
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics));
        var host = builder.Build();
        await host.StartAsync();
        return new InMemoryTelemetryHost(host, spans, metrics);
    }

    /// <summary>Exports what is pending; spans and metric snapshots land in <see cref="Spans"/> and <see cref="Metrics"/>.</summary>
    public void Flush()
    {
        Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush(5000), "trace flush timed out");
        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush(5000), "metric flush timed out");
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
