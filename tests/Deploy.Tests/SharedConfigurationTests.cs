using k8s.Models;

namespace Cluster.Deploy.Tests;

/// <summary>What every workload shares: no service-account token, the storage Secret, the OTLP collector, the run's cluster id.</summary>
public sealed class SharedConfigurationTests(RenderedOverlays overlays) : IClassFixture<RenderedOverlays>
{
    private static readonly string[] ClusterWorkloads = ["Deployment cluster-silo", "Job cluster-convert"];

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void PodSpecs_Rendered_DoNotMountTheServiceAccountToken(string target)
    {
        var pods = overlays[target].PodSpecs().ToList();

        Assert.True(pods.Count >= 4, $"{target}: {pods.Count} pod templates");
        Assert.All(pods, p => Assert.True(p.Spec.AutomountServiceAccountToken == false, $"{p.Owner} mounts the token"));
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void ClusterWorkloads_Rendered_ShareOneClusterIdFromTheRunConfigMap(string target)
    {
        var rendered = overlays[target];
        var run = rendered.GeneratedConfigMap("cluster-run");

        foreach (var owner in ClusterWorkloads)
        {
            var env = Container(rendered, owner).Env.ToDictionary(e => e.Name);
            Assert.Equal(run.Metadata.Name, env["CLUSTER_RUN_ID"].ValueFrom.ConfigMapKeyRef.Name);
            Assert.Equal("CLUSTER_RUN_ID", env["CLUSTER_RUN_ID"].ValueFrom.ConfigMapKeyRef.Key);
            Assert.Equal("cluster-$(CLUSTER_RUN_ID)", env["Cluster__ClusterId"].Value);
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void ClusterWorkloads_Rendered_ReadTheConnectionStringFromASecret(string target)
    {
        var rendered = overlays[target];

        foreach (var owner in ClusterWorkloads)
        {
            var reference = Container(rendered, owner).Env.Single(e => e.Name == "Cluster__StorageConnectionString").ValueFrom.SecretKeyRef;
            Assert.Equal("cluster-storage", reference.Name);
            Assert.Equal("connection-string", reference.Key);
        }
    }

    [Fact]
    public void DevOverlay_Rendered_PointsTheSecretAtAzuriteInTheCluster()
    {
        var rendered = overlays["overlays/dev"];
        var secret = rendered.Single<V1Secret>("cluster-storage");
        var azurite = rendered.Single<V1Service>("azurite");

        Assert.Contains("TableEndpoint=http://azurite:10002/", secret.StringData["connection-string"], StringComparison.Ordinal);
        Assert.Contains(azurite.Spec.Ports, p => p.Port == 10002);
        Assert.Single(rendered.All<V1Deployment>(), d => d.Metadata.Name == "azurite");
    }

    [Fact]
    public void ProdOverlay_Rendered_TakesTheSecretFromTheClusterWithoutShippingOne()
    {
        var rendered = overlays["overlays/prod"];

        Assert.Empty(rendered.All<V1Secret>());
        Assert.DoesNotContain(rendered.All<V1Deployment>(), d => d.Metadata.Name == "azurite");
        Assert.DoesNotContain("AccountKey", rendered.Yaml, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void Workloads_Rendered_ExportOtlpToTheCollectorService(string target)
    {
        var rendered = overlays[target];
        var config = rendered.GeneratedConfigMap("cluster-config").Data;
        var endpoint = new Uri(config["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var collector = rendered.Single<V1Service>(endpoint.Host);

        Assert.Contains(collector.Spec.Ports, p => p.Port == endpoint.Port);
        Assert.Equal("grpc", config["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        foreach (var (_, spec) in rendered.PodSpecs().Where(p => p.Owner.Contains("cluster-", StringComparison.Ordinal)))
        {
            var container = spec.Containers[0];
            Assert.Contains(container.EnvFrom, e => e.ConfigMapRef?.Name == rendered.GeneratedConfigMap("cluster-config").Metadata.Name);
            Assert.Contains(container.Env, e => e.Name == "OTEL_SERVICE_NAME" && !string.IsNullOrEmpty(e.Value));
            Assert.Contains(container.Env, e => e.Name == "OTEL_RESOURCE_ATTRIBUTES" && e.Value.Contains("tfrecord.run.id=$(CLUSTER_RUN_ID)", StringComparison.Ordinal));
        }
    }

    private static V1Container Container(RenderedManifests rendered, string owner) =>
        rendered.PodSpecs().Single(p => p.Owner == owner).Spec.Containers[0];
}
