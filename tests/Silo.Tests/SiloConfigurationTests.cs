using Cluster.Silo.Tests.Processes;

namespace Cluster.Silo.Tests;

/// <summary>The settings of <c>cluster-silo</c>: checked at start, with the missing setting named.</summary>
public sealed class SiloConfigurationTests
{
    [Fact]
    public async Task Start_AzureClusteringWithoutConnectionString_Exits2NamingTheSetting()
    {
        await using var silo = SiloProcess.Start("Production", new Dictionary<string, string>());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.WaitStartedAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains("cluster-silo exited (2)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cluster:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validated_BlobStorageWithoutConnectionString_Throws()
    {
        var settings = new SiloSettings { Clustering = ClusteringKind.Localhost, Storage = StorageKind.AzureBlob };

        var error = Assert.Throws<InvalidOperationException>(() => settings.Validated());

        Assert.Contains("Storage=AzureBlob", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validated_DevelopmentDefaults_NeedNoConnectionString()
    {
        var settings = new SiloSettings();

        Assert.Same(settings, settings.Validated());
        Assert.Equal((ClusteringKind.Localhost, StorageKind.Memory), (settings.Clustering, settings.Storage));
    }
}
