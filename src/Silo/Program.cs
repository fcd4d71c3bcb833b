using System.Net;
using Cluster.Silo;
using Cluster.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;

// cluster-silo: one Orleans silo hosting the conversion grains, configured from appsettings(.{Environment}).json and
// environment variables (section "Cluster", the keys of deploy/k8s/README.md: Cluster__Clustering=AzureTable,
// Cluster__StorageConnectionString=..., Cluster__HealthPort, Cluster__DashboardPort, Cluster__ShutdownTimeout...).
// appsettings*.json are read from beside the program, whatever the working directory.
// Telemetry: the standard OTEL_* variables; --console-telemetry also prints spans, metrics and logs to stdout.
var consoleTelemetry = TelemetrySwitches.HasConsoleTelemetry(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = [.. args.Where(a => a != TelemetrySwitches.ConsoleTelemetry)],
    ContentRootPath = AppContext.BaseDirectory,
});
SiloSettings settings;
try
{
    settings = (builder.Configuration.GetSection(SiloSettings.Section).Get<SiloSettings>() ?? new SiloSettings()).Validated();
}
catch (Exception e) when (e is InvalidOperationException or FormatException)
{
    await Console.Error.WriteLineAsync($"cluster-silo: configuration error: {e.Message}");
    return 2;
}

// HTTP only where configured, on the addresses chosen here (never Kestrel's default localhost:5000 or ASPNETCORE_URLS).
builder.WebHost.UseUrls();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    if (settings.HealthPort is null && settings.DashboardPort is null)
    {
        // Kestrel needs an endpoint: an ephemeral loopback port (logged at start) then serves the probes.
        kestrel.Listen(IPAddress.Loopback, 0);
    }

    if (settings.HealthPort is { } health)
    {
        kestrel.Listen(settings.ListenAddress, health);
    }

    if (settings.DashboardPort is { } dashboard)
    {
        kestrel.Listen(IPAddress.Parse(settings.DashboardAddress), dashboard);
    }
});
if (settings.ShutdownTimeout is { } shutdownTimeout)
{
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);
}

builder.AddClusterTelemetry(new ClusterTelemetryOptions { DefaultServiceName = "cluster-silo", ConsoleExporter = consoleTelemetry });
builder.UseOrleans(silo =>
{
    SiloSetup.Apply(silo, settings);
    if (settings.DashboardPort is not null)
    {
        silo.AddDashboard();
    }
});

await using var app = builder.Build();
app.MapSiloHealth(settings.HealthPort);

if (settings.DashboardPort is { } dashboardPort)
{
    app.MapOrleansDashboard().RequireHost($"*:{dashboardPort}");
}

await app.RunAsync();
return 0;
