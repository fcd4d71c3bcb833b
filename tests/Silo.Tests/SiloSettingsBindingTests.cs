using System.Net;
using Microsoft.Extensions.Configuration;

namespace Cluster.Silo.Tests;

/// <summary>The <c>Cluster__*</c> variables of deploy/k8s/README.md bind onto <see cref="SiloSettings"/> as the manifests set them.</summary>
public sealed class SiloSettingsBindingTests
{
    [Fact]
    public void Bind_KubernetesContractVariables_EverySettingTakesItsValue()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:Clustering"] = "AzureTable",
            ["Cluster:ClusterId"] = "cluster-run42",
            ["Cluster:ServiceId"] = "cluster",
            ["Cluster:StorageConnectionString"] = "UseDevelopmentStorage=true",
            ["Cluster:SiloPort"] = "11111",
            ["Cluster:GatewayPort"] = "30000",
            ["Cluster:AdvertisedIp"] = "10.1.2.3",
            ["Cluster:SiloName"] = "cluster-silo-abc",
            ["Cluster:HealthPort"] = "8080",
            ["Cluster:DashboardPort"] = "8081",
            ["Cluster:ShutdownTimeout"] = "00:01:30",
        }).Build();

        var settings = configuration.GetSection(SiloSettings.Section).Get<SiloSettings>()!.Validated();

        Assert.Equal(ClusteringKind.AzureTable, settings.Clustering);
        Assert.Equal("cluster-run42", settings.ClusterId);
        Assert.Equal("UseDevelopmentStorage=true", settings.EffectiveConnectionString);
        Assert.Equal(IPAddress.Parse("10.1.2.3"), settings.ListenAddress);
        Assert.Equal("cluster-silo-abc", settings.SiloName);
        Assert.Equal((8080, 8081), (settings.HealthPort, settings.DashboardPort));
        Assert.Equal("127.0.0.1", settings.DashboardAddress);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.ShutdownTimeout);
    }

    [Theory]
    [InlineData("AdvertisedIp", "pod-ip", "AdvertisedIp must be an IP address")]
    [InlineData("HealthPort", "70000", "HealthPort and Cluster:DashboardPort must be 1-65535")]
    [InlineData("ShutdownTimeout", "-00:00:01", "ShutdownTimeout must be positive")]
    [InlineData("ProgressSeconds", "0", "ProgressSeconds must be positive")]
    [InlineData("ProgressItems", "0", "ProgressItems at least 1")]
    [InlineData("RedriveSeconds", "-1", "RedriveSeconds and Cluster:ProgressSeconds must be positive")]
    public void Validated_BadContractValue_ThrowsNamingTheSetting(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"Cluster:{key}"] = value }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => configuration.GetSection(SiloSettings.Section).Get<SiloSettings>()!.Validated());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListenAddress_NothingConfigured_IsLoopback()
    {
        Assert.Equal(IPAddress.Loopback, new SiloSettings().ListenAddress);
    }
}
