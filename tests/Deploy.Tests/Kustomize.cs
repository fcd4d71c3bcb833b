using Cluster.Tests.Shared;

namespace Cluster.Deploy.Tests;

/// <summary>Renders a kustomization with <c>kubectl kustomize</c>, the way <c>kubectl apply -k</c> does.</summary>
internal static class Kustomize
{
    /// <summary>deploy/k8s in the repository.</summary>
    public static string DeployRoot => Path.Combine(RepoPaths.Root, "deploy", "k8s");

    public static string Render(string directory)
    {
        var result = ProcessRunner.Run("kubectl", ["kustomize", directory]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {directory} failed: {result}");
        }

        return result.StandardOutput;
    }
}
