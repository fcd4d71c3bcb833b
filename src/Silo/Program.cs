using Cluster.Silo;
using Cluster.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// cluster-silo: one Orleans silo hosting the conversion grains, configured from appsettings(.{Environment}).json and
// environment variables (section "Cluster"; e.g. Cluster__Clustering=AzureTable, Cluster__ConnectionString=...).
// appsettings*.json are read from beside the program, whatever the working directory.
// Telemetry: the standard OTEL_* variables; --console-telemetry also prints spans, metrics and logs to stdout.
var consoleTelemetry = TelemetrySwitches.HasConsoleTelemetry(args);
var hostArgs = args.Where(a => a != TelemetrySwitches.ConsoleTelemetry).ToArray();
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = hostArgs, ContentRootPath = AppContext.BaseDirectory });
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

builder.AddClusterTelemetry(new ClusterTelemetryOptions { DefaultServiceName = "cluster-silo", ConsoleExporter = consoleTelemetry });
builder.UseOrleans(silo => SiloSetup.Apply(silo, settings));
using var host = builder.Build();
await host.RunAsync();
return 0;
