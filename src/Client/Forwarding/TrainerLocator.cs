using System.Reflection;

namespace Cluster.Client.Forwarding;

/// <summary>
/// Finds the <c>cluster-trainer</c> program that <c>cluster train/eval/demo</c> hand over to, in order:
/// the <c>CLUSTER_TRAINER</c> environment variable (a program or a .dll), the folder of the running <c>cluster</c>
/// program, then the repository's build output (walking up to Cluster.sln:
/// <c>src/Trainer/bin/CONFIGURATION/net10.0/cluster-trainer.dll</c>, this build's configuration first).
/// </summary>
public static class TrainerLocator
{
    public const string EnvironmentVariable = "CLUSTER_TRAINER";
    public const string ProgramName = "cluster-trainer";

    /// <summary>The command line that starts the trainer: the file to execute and the arguments before the user's.</summary>
    public sealed record TrainerCommand(string FileName, IReadOnlyList<string> PrefixArguments);

    /// <summary>The trainer to start, or null with the places looked in.</summary>
    public static TrainerCommand? Find(string baseDirectory, string? environmentValue, out IReadOnlyList<string> searched)
    {
        var looked = new List<string>();
        searched = looked;
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            looked.Add($"{EnvironmentVariable}={environmentValue}");
            var full = Path.GetFullPath(environmentValue);
            return File.Exists(full) ? CommandFor(full) : null;
        }

        looked.Add(baseDirectory);
        if (InFolder(baseDirectory) is { } beside)
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(baseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
            {
                continue;
            }

            foreach (var configuration in Configurations())
            {
                var output = Path.Combine(dir.FullName, "src", "Trainer", "bin", configuration, "net10.0");
                looked.Add(output);
                if (InFolder(output) is { } built)
                {
                    return built;
                }
            }

            break;
        }

        return null;
    }

    private static TrainerCommand? InFolder(string folder)
    {
        var dll = Path.Combine(folder, ProgramName + ".dll");
        return File.Exists(dll) ? CommandFor(dll) : null;
    }

    private static TrainerCommand CommandFor(string path) =>
        path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new TrainerCommand(DotnetHost(), [path])
            : new TrainerCommand(path, []);

    /// <summary>The <c>dotnet</c> host running this process when there is one (so the same runtime runs the trainer).</summary>
    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? current
            : "dotnet";
    }

    private static IEnumerable<string> Configurations()
    {
        var own = typeof(TrainerLocator).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        return new[] { own, "Release", "Debug" }.Where(c => !string.IsNullOrEmpty(c)).Distinct().Cast<string>();
    }
}
