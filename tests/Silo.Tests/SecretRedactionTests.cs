using System.Net;
using Cluster.Grains;
using Cluster.Silo.Tests.Processes;
using Cluster.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Cluster.Silo.Tests;

/// <summary>
/// A storage connection string is a secret: whatever a silo logs or traces (console logs, and every span and log record
/// through <c>--console-telemetry</c>), working or failing, never holds its account key or the string itself.
/// </summary>
public sealed class SecretRedactionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("cluster-secrets");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Silo_ConversionOnAzureStorage_LogsAndSpansNeverHoldTheAccountKey()
    {
        var clusterId = $"secrets-{Guid.NewGuid():N}";
        await using var silo = SiloProcess.Start("Production", new Dictionary<string, string>
        {
            ["Clustering"] = "AzureTable",
            ["Storage"] = "AzureTable",
            ["StorageConnectionString"] = azurite.ConnectionString,
            ["ClusterId"] = clusterId,
            ["RedriveSeconds"] = "0.5",
        }, "--console-telemetry");
        await silo.WaitStartedAsync(TimeSpan.FromSeconds(90));
        var manifest = SmallDataset.Create(_temp.File("data"), images: 6);
        var spec = new ConversionJobSpec
        {
            Format = "csv", ManifestPath = manifest, ImagesRoot = Path.GetDirectoryName(manifest)!, OutputDir = _temp.File("out"), ShardCount = 2,
        };
        Directory.CreateDirectory(spec.OutputDir);

        using (var client = await ConnectAsync(clusterId, silo.GatewayPort))
        {
            var job = client.Services.GetRequiredService<IGrainFactory>().GetGrain<IConversionJobGrain>("secrets");
            await job.StartAsync(spec);
            var progress = await job.GetProgressAsync();
            for (var i = 0; i < 600 && progress.Phase is JobPhase.Planning or JobPhase.Writing; i++)
            {
                await Task.Delay(100);
                progress = await job.GetProgressAsync();
            }

            Assert.True(progress.Phase == JobPhase.Completed, $"{progress}\n{silo.Log}");
        }

        await WaitForAsync(() => silo.Log.Contains("tfrecord.job", StringComparison.Ordinal), "the exported job span", silo);
        await silo.KillAsync();
        AssertNoSecret(silo.Log, azurite.ConnectionString);
    }

    [Fact]
    public async Task Silo_StorageUnreachable_ErrorsNameTheFailureButNotTheAccountKey()
    {
        const string key = "U2VjcmV0S2V5VGhhdE11c3ROZXZlckFwcGVhckluTG9nczEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=";
        var connection = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};" +
            $"TableEndpoint=http://127.0.0.1:{FreePort.Next()}/devstoreaccount1;BlobEndpoint=http://127.0.0.1:{FreePort.Next()}/devstoreaccount1;";
        await using var silo = SiloProcess.Start("Production", new Dictionary<string, string>
        {
            ["Clustering"] = "AzureTable",
            ["Storage"] = "AzureTable",
            ["StorageConnectionString"] = connection,
            ["ClusterId"] = $"unreachable-{Guid.NewGuid():N}",
        }, "--console-telemetry");

        await WaitForAsync(() => silo.Log.Contains("RequestFailedException", StringComparison.Ordinal), "a logged storage failure", silo);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the error's details and exception lines
        await silo.KillAsync();

        Assert.Contains("Connection refused", silo.Log, StringComparison.Ordinal);
        AssertNoSecret(silo.Log, connection);
        Assert.DoesNotContain(key[..24], silo.Log, StringComparison.Ordinal);
    }

    private static void AssertNoSecret(string log, string connectionString)
    {
        Assert.NotEmpty(log);
        var key = connectionString.Split(';').Single(p => p.StartsWith("AccountKey=", StringComparison.Ordinal))["AccountKey=".Length..];
        Assert.DoesNotContain(key, log, StringComparison.Ordinal);
        Assert.DoesNotContain(key[..16], log, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey=", log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(connectionString, log, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, SiloProcess silo)
    {
        for (var waited = 0; !condition(); waited++)
        {
            Assert.True(waited < 900, $"no {what} within 90 s\n{silo.Log}");
            await Task.Delay(100);
        }
    }

    private static async Task<IHost> ConnectAsync(string clusterId, int gateway)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gateway));
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, "cluster"));
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
