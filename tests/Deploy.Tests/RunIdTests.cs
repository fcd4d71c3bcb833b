using Cluster.Tests.Shared;
using k8s.Models;

namespace Cluster.Deploy.Tests;

/// <summary>deploy/k8s/new-run.sh gives each run its own cluster id, and a new id rolls out fresh silos.</summary>
public sealed class RunIdTests
{
    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void NewRun_TwoRuns_RenderDifferentClusterIdsAndSiloTemplates(string overlay)
    {
        using var copy = new TempDirectory("deploy-run");
        CopyDirectory(Kustomize.DeployRoot, copy.Path);
        var overlayDir = Path.Combine(copy.Path, "overlays", overlay);

        var first = StartRun(copy.Path, overlay);
        var firstRender = new RenderedManifests("first", Kustomize.Render(overlayDir));
        var second = StartRun(copy.Path, overlay);
        var secondRender = new RenderedManifests("second", Kustomize.Render(overlayDir));

        Assert.NotEqual(first, second);
        Assert.StartsWith(overlay + "-", first, StringComparison.Ordinal);
        Assert.Equal(first, firstRender.GeneratedConfigMap("cluster-run").Data["CLUSTER_RUN_ID"]);
        Assert.Equal(second, secondRender.GeneratedConfigMap("cluster-run").Data["CLUSTER_RUN_ID"]);
        Assert.NotEqual(SiloRunConfigMap(firstRender), SiloRunConfigMap(secondRender));
    }

    [Fact]
    public void NewRun_UnknownOverlay_FailsWithUsageExitCode()
    {
        var result = ProcessRunner.Run("bash", [Path.Combine(Kustomize.DeployRoot, "new-run.sh"), "staging"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no overlay", result.StandardError, StringComparison.Ordinal);
    }

    private static string StartRun(string deployRoot, string overlay)
    {
        var result = ProcessRunner.Run("bash", [Path.Combine(deployRoot, "new-run.sh"), overlay]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Trim();
    }

    private static string SiloRunConfigMap(RenderedManifests rendered) =>
        rendered.Single<V1Deployment>("cluster-silo").Spec.Template.Spec.Containers[0].Env
            .Single(e => e.Name == "CLUSTER_RUN_ID").ValueFrom.ConfigMapKeyRef.Name;

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
