using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Cluster.Grains;
using Cluster.Grains.Hosting;
using Orleans.Configuration;

namespace Cluster.Silo;

/// <summary>Configures a silo from <see cref="SiloSettings"/>: clustering, job storage and the conversion grains.
/// Used by <c>cluster-silo</c> and by the embedded silo of <c>cluster convert</c>.</summary>
public static class SiloSetup
{
    public static ISiloBuilder Apply(ISiloBuilder silo, SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(silo);
        settings.Validated();
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        if (!string.IsNullOrWhiteSpace(settings.SiloName))
        {
            silo.Configure<SiloOptions>(o => o.SiloName = settings.SiloName);
        }

        switch (settings.Clustering)
        {
            case ClusteringKind.Localhost:
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort,
                    new IPEndPoint(IPAddress.Loopback, settings.PrimarySiloPort ?? settings.SiloPort), settings.ServiceId, settings.ClusterId);
                break;
            case ClusteringKind.AzureTable:
                silo.Configure<EndpointOptions>(o =>
                {
                    o.SiloPort = settings.SiloPort;
                    o.GatewayPort = settings.GatewayPort;
                    o.AdvertisedIPAddress = settings.ListenAddress;
                });
                silo.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(settings.EffectiveConnectionString));
                break;
        }

        switch (settings.Storage)
        {
            case StorageKind.Memory:
                silo.AddMemoryGrainStorage(StorageNames.Jobs);
                break;
            case StorageKind.AzureTable:
                silo.AddAzureTableGrainStorage(StorageNames.Jobs, o => o.TableServiceClient = new TableServiceClient(settings.EffectiveConnectionString));
                break;
            case StorageKind.AzureBlob:
                silo.AddAzureBlobGrainStorage(StorageNames.Jobs, o => o.BlobServiceClient = new BlobServiceClient(settings.EffectiveConnectionString));
                break;
        }

        // Grain calls join the caller's trace (the client's convert span, the job span driving its writers).
        silo.AddActivityPropagation();
        silo.AddConversionGrains(o =>
        {
            o.RedriveInterval = TimeSpan.FromSeconds(settings.RedriveSeconds);
            o.ProgressInterval = TimeSpan.FromSeconds(settings.ProgressSeconds);
            o.ProgressBatch = settings.ProgressItems;
            o.StorageConnectionString = settings.EffectiveConnectionString;
        });
        return silo;
    }
}
