using Cluster.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Cluster.Grains.Tests;

/// <summary>Starts an in-process test cluster of N silos with memory grain storage, fast redrives and fast failure
/// detection, and the given <see cref="WriteGate"/>.</summary>
internal static class ConversionCluster
{
    /// <summary>The xunit collection of every test class that starts a cluster: the gate hand-over below is static, so
    /// two clusters must never be built at once.</summary>
    public const string Collection = "test clusters";

    // TestCluster builds silos from a configurator type; the gate of the cluster being built is handed over here.
    private static WriteGate? _current;
    private static string? _storage;

    /// <summary>Starts the cluster; <paramref name="storageConnectionString"/> is the silos' account for Blob locations
    /// (their shards staged in 4 KiB blocks, so a shard held mid-write has blocks staged).</summary>
    public static async Task<TestCluster> StartAsync(int silos, WriteGate gate, string? storageConnectionString = null)
    {
        _current = gate;
        _storage = storageConnectionString;
        var builder = new TestClusterBuilder((short)silos);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var gate = _current ?? throw new InvalidOperationException("no write gate for this cluster");
            siloBuilder.AddMemoryGrainStorage(StorageNames.Jobs);
            siloBuilder.AddConversionGrains(o =>
            {
                o.RedriveInterval = TimeSpan.FromMilliseconds(300);
                o.WriterCallTimeout = TimeSpan.FromSeconds(2);
                o.ProgressInterval = TimeSpan.FromMilliseconds(50);
                o.ProgressBatch = 16;
                o.StorageConnectionString = _storage;
                o.BlobBlockSize = 4096;
            });
            siloBuilder.Services.AddSingleton<IShardWriteGate>(sp => gate.ForSilo(sp.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString()));
            siloBuilder.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 1;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
        }
    }
}
