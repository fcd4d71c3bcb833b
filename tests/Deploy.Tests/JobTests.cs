using k8s.Models;

namespace Cluster.Deploy.Tests;

/// <summary>The conversion Job (the client that submits and waits) and the Indexed trainer Job.</summary>
public sealed class JobTests(RenderedOverlays overlays) : IClassFixture<RenderedOverlays>
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void ConvertJob_Rendered_RunsTheClientAgainstTheCluster(string target)
    {
        var rendered = overlays[target];
        var job = rendered.Single<V1Job>("cluster-convert");
        var container = job.Spec.Template.Spec.Containers.Single();
        var gateway = rendered.Single<V1Service>("cluster-gateway");

        Assert.Equal("convert", container.Name);
        Assert.Equal(["convert", "--cluster", $"{gateway.Metadata.Name}:{gateway.Spec.Ports.Single().Port}"], container.Args.Take(3));
        Assert.DoesNotContain("--no-wait", container.Args);
        Assert.StartsWith("cluster", container.Image.Split('/')[^1], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void ConvertJob_Rendered_ClientExitCodesFailTheJobWithoutRetry(string target)
    {
        var spec = overlays[target].Single<V1Job>("cluster-convert").Spec;

        AssertExitCodesFailJob(spec, "convert");
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void TrainerJob_Rendered_FailsOnTrainerExitCodes(string target)
    {
        AssertExitCodesFailJob(overlays[target].Single<V1Job>("cluster-train").Spec, "train");
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void TrainerJob_Rendered_IsIndexedWithWorldSizeEqualToCompletions(string target)
    {
        var spec = overlays[target].Single<V1Job>("cluster-train").Spec;
        var container = spec.Template.Spec.Containers.Single(c => c.Name == "train");
        var env = container.Env.ToDictionary(e => e.Name);

        Assert.Equal("Indexed", spec.CompletionMode);
        Assert.Equal(spec.Completions, spec.Parallelism);
        Assert.Equal(spec.Completions.ToString(), env["WORLD_SIZE"].Value);
        Assert.Equal(
            "metadata.annotations['batch.kubernetes.io/job-completion-index']",
            env["JOB_COMPLETION_INDEX"].ValueFrom.FieldRef.FieldPath);
        var rank = container.Args.IndexOf("--rank");
        Assert.Equal("$(JOB_COMPLETION_INDEX)", container.Args[rank + 1]);
        var world = container.Args.IndexOf("--world");
        Assert.Equal("$(WORLD_SIZE)", container.Args[world + 1]);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void TrainerJob_Rendered_RanksMeetInTheRunOnTheSilosThroughTheGatewayService(string target)
    {
        var rendered = overlays[target];
        var container = rendered.Single<V1Job>("cluster-train").Spec.Template.Spec.Containers.Single(c => c.Name == "train");
        var silo = rendered.Single<V1Deployment>("cluster-silo").Spec.Template.Spec.Containers.Single();
        var gateway = rendered.Single<V1Service>("cluster-gateway");
        var env = container.Env.ToDictionary(e => e.Name);

        Assert.Equal(["train"], container.Args.Take(1));
        Assert.Equal($"{gateway.Metadata.Name}:{gateway.Spec.Ports.Single().Port}", container.Args[container.Args.IndexOf("--cluster") + 1]);
        Assert.Equal("$(CLUSTER_RUN_ID)", container.Args[container.Args.IndexOf("--run-id") + 1]);
        Assert.Equal(silo.Env.Single(e => e.Name == "Cluster__ClusterId").Value, env["Cluster__ClusterId"].Value);
        Assert.True(container.Env.ToList().FindIndex(e => e.Name == "CLUSTER_RUN_ID") < container.Env.ToList().FindIndex(e => e.Name == "Cluster__ClusterId"),
            "CLUSTER_RUN_ID must be declared before the variable that expands it");
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void TrainerJob_Rendered_RequestsOneGpuAndToleratesTheGpuTaint(string target)
    {
        var pod = overlays[target].Single<V1Job>("cluster-train").Spec.Template.Spec;
        var resources = pod.Containers.Single(c => c.Name == "train").Resources;

        Assert.Equal(new ResourceQuantity("1"), resources.Limits["nvidia.com/gpu"]);
        Assert.Equal(resources.Limits["nvidia.com/gpu"], resources.Requests["nvidia.com/gpu"]);
        Assert.Contains(pod.Tolerations, t => t.Key == "nvidia.com/gpu" && t.Effect == "NoSchedule" && t.OperatorProperty == "Exists");
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void TrainerJob_Rendered_PlacesOnePodPerNode(string target)
    {
        var template = overlays[target].Single<V1Job>("cluster-train").Spec.Template;
        var labels = template.Metadata.Labels;

        var antiAffinity = Assert.Single(template.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal("kubernetes.io/hostname", antiAffinity.TopologyKey);
        Assert.All(antiAffinity.LabelSelector.MatchLabels, kv => Assert.Equal(kv.Value, labels[kv.Key]));
        var spread = Assert.Single(template.Spec.TopologySpreadConstraints);
        Assert.Equal("DoNotSchedule", spread.WhenUnsatisfiable);
        Assert.Equal("kubernetes.io/hostname", spread.TopologyKey);
    }

    private static void AssertExitCodesFailJob(V1JobSpec spec, string containerName)
    {
        Assert.Equal("Never", spec.Template.Spec.RestartPolicy);
        Assert.InRange(spec.BackoffLimit ?? 6, 1, 3);
        var failJob = Assert.Single(spec.PodFailurePolicy.Rules, r => r.Action == "FailJob");
        Assert.Equal(containerName, failJob.OnExitCodes.ContainerName);
        Assert.Equal("In", failJob.OnExitCodes.OperatorProperty);
        Assert.Equal([1, 2, 3, 4], failJob.OnExitCodes.Values.Order());
        Assert.Contains(spec.PodFailurePolicy.Rules, r => r.Action == "Ignore" && r.OnPodConditions.Any(c => c.Type == "DisruptionTarget"));
    }
}
