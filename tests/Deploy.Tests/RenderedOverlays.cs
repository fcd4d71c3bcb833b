namespace Cluster.Deploy.Tests;

/// <summary>The base and both overlays, rendered once for all tests in a class.</summary>
public sealed class RenderedOverlays
{
    private readonly Dictionary<string, RenderedManifests> renders;

    public RenderedOverlays()
    {
        renders = Targets.ToDictionary(t => t, t => new RenderedManifests(t, Kustomize.Render(Path.Combine(Kustomize.DeployRoot, t))));
    }

    /// <summary>The kustomization folders under deploy/k8s that users apply (and the base they share).</summary>
    public static readonly string[] Targets = ["base", "overlays/dev", "overlays/prod"];

    public static TheoryData<string> TargetData => [.. Targets];

    internal RenderedManifests this[string target] => renders[target];
}
