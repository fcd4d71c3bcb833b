using Cluster.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// cluster-silo: one Orleans silo hosting the conversion grains, configured from appsettings(.{Environment}).json and
// environment variables (section "Cluster"; e.g. Cluster__Clustering=AzureTable, Cluster__ConnectionString=...).
var builder = Host.CreateApplicationBuilder(args);
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

builder.UseOrleans(silo => SiloSetup.Apply(silo, settings));
using var host = builder.Build();
await host.RunAsync();
return 0;
