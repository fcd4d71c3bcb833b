using System.Globalization;
using k8s.Models;

namespace Cluster.Deploy.Tests;

/// <summary>The silo Deployment, its gateway Service and its PodDisruptionBudget, as every target renders them.</summary>
public sealed class SiloDeploymentTests(RenderedOverlays overlays) : IClassFixture<RenderedOverlays>
{
    private const string SiloName = "cluster-silo";

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void Silo_Rendered_HasStartupReadinessAndLivenessProbesOnTheHealthPort(string target)
    {
        var container = Silo(target);

        foreach (var probe in new[] { container.StartupProbe, container.ReadinessProbe, container.LivenessProbe })
        {
            Assert.NotNull(probe?.HttpGet);
            Assert.StartsWith("/healthz/", probe.HttpGet.Path, StringComparison.Ordinal);
            Assert.Equal("health", probe.HttpGet.Port.Value);
        }

        Assert.Equal(8080, container.Ports.Single(p => p.Name == "health").ContainerPort);
        Assert.Equal("/healthz/live", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/healthz/ready", container.ReadinessProbe.HttpGet.Path);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void Silo_Rendered_RequestsCpuWithoutCpuLimit(string target)
    {
        var resources = Silo(target).Resources;

        Assert.True(resources.Requests.ContainsKey("cpu"));
        Assert.False(resources.Limits?.ContainsKey("cpu") ?? false, "a CPU limit throttles membership probes");
        Assert.Equal(resources.Requests["memory"], resources.Limits!["memory"]);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void Silo_Rendered_RollsOutWithMaxUnavailableZero(string target)
    {
        var strategy = overlays[target].Single<V1Deployment>(SiloName).Spec.Strategy;

        Assert.Equal("RollingUpdate", strategy.Type);
        Assert.Equal("0", strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.NotEqual("0", strategy.RollingUpdate.MaxSurge.Value);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void Silo_Rendered_HasADisruptionBudgetSelectingItsPods(string target)
    {
        var rendered = overlays[target];
        var silo = rendered.Single<V1Deployment>(SiloName);
        var budget = rendered.Single<V1PodDisruptionBudget>(SiloName);

        Assert.True(budget.Spec.MaxUnavailable is not null || budget.Spec.MinAvailable is not null);
        Assert.True(Selects(budget.Spec.Selector.MatchLabels, silo.Spec.Template.Metadata.Labels));
        Assert.True(silo.Spec.Replicas > 1, "a budget over one replica blocks every drain");
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void Silo_Rendered_ShutdownTimeoutIsShorterThanTheGracePeriod(string target)
    {
        var rendered = overlays[target];
        var pod = rendered.Single<V1Deployment>(SiloName).Spec.Template.Spec;
        var config = rendered.GeneratedConfigMap("cluster-config");

        Assert.Contains(pod.Containers.Single().EnvFrom, e => e.ConfigMapRef?.Name == config.Metadata.Name);
        var shutdown = TimeSpan.Parse(config.Data["Cluster__ShutdownTimeout"], CultureInfo.InvariantCulture);
        Assert.NotNull(pod.TerminationGracePeriodSeconds);
        Assert.True(
            shutdown + TimeSpan.FromSeconds(10) <= TimeSpan.FromSeconds(pod.TerminationGracePeriodSeconds.Value),
            $"shutdown {shutdown} must end at least 10 s before SIGKILL at {pod.TerminationGracePeriodSeconds} s");
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void Silo_Rendered_AdvertisesEndpointsFromTheDownwardApi(string target)
    {
        var env = Silo(target).Env.ToDictionary(e => e.Name);

        Assert.Equal("status.podIP", env["POD_IP"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.name", env["POD_NAME"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.namespace", env["POD_NAMESPACE"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("$(POD_IP)", env["Cluster__AdvertisedIp"].Value);
        Assert.Equal("$(POD_NAME)", env["Cluster__SiloName"].Value);
        var names = Silo(target).Env.Select(e => e.Name).ToList();
        Assert.True(names.IndexOf("POD_IP") < names.IndexOf("Cluster__AdvertisedIp"), "$(POD_IP) only expands if defined earlier");
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void Silo_Rendered_UsesAzureTableClusteringWithTheConfiguredPorts(string target)
    {
        var rendered = overlays[target];
        var config = rendered.GeneratedConfigMap("cluster-config").Data;
        var ports = Silo(target).Ports.ToDictionary(p => p.Name, p => p.ContainerPort);

        Assert.Equal("AzureTable", config["Cluster__Clustering"]);
        Assert.Equal(int.Parse(config["Cluster__SiloPort"], CultureInfo.InvariantCulture), ports["silo"]);
        Assert.Equal(int.Parse(config["Cluster__GatewayPort"], CultureInfo.InvariantCulture), ports["gateway"]);
        Assert.Equal(int.Parse(config["Cluster__HealthPort"], CultureInfo.InvariantCulture), ports["health"]);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void GatewayService_Rendered_TargetsTheSiloGatewayPort(string target)
    {
        var rendered = overlays[target];
        var service = rendered.Single<V1Service>("cluster-gateway");
        var silo = rendered.Single<V1Deployment>(SiloName);

        Assert.True(Selects(service.Spec.Selector, silo.Spec.Template.Metadata.Labels));
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal("gateway", port.TargetPort.Value);
        Assert.Contains(silo.Spec.Template.Spec.Containers.Single().Ports, p => p.Name == "gateway");
    }

    private V1Container Silo(string target) =>
        overlays[target].Single<V1Deployment>(SiloName).Spec.Template.Spec.Containers.Single(c => c.Name == "silo");

    private static bool Selects(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(kv => labels.TryGetValue(kv.Key, out var value) && value == kv.Value);
}
