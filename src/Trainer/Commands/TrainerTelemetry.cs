using Cluster.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Cluster.Trainer.Commands;

/// <summary>
/// OpenTelemetry for a training run of <c>cluster-trainer</c>: a bare host with <see cref="ClusterTelemetryHosting.AddClusterTelemetry"/>
/// (service <c>cluster-trainer</c>, export from OTEL_*), started for the run and stopped after it, which flushes the
/// exporters. Only around training: the convert step of <c>demo</c> builds its own host with the same telemetry.
/// </summary>
internal sealed class TrainerTelemetry : IAsyncDisposable
{
    public const string ServiceName = "cluster-trainer";
    private readonly IHost host;

    private TrainerTelemetry(IHost host) => this.host = host;

    public static async Task<TrainerTelemetry> StartAsync(bool consoleExporter, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddEnvironmentVariables();
        builder.AddClusterTelemetry(new ClusterTelemetryOptions { DefaultServiceName = ServiceName, ConsoleExporter = consoleExporter });
        var host = builder.Build();
        await host.StartAsync(ct).ConfigureAwait(false);
        return new TrainerTelemetry(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        host.Dispose();
    }
}
