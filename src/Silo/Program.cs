using Cluster.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// cluster-silo: one Orleans silo hosting the conversion grains, configured from appsettings(.{Environment}).json and
// environment variables (section "Cluster"; e.g. Cluster__Clustering=AzureTable, Cluster__ConnectionString=...).
// appsettings*.json are read from beside the program, whatever the working directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
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
