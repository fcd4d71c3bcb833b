namespace Cluster.Bench;

/// <summary>The repository root (holding Cluster.sln) and bench/results under it.</summary>
internal static class BenchPaths
{
    public static string Root { get; } = FindRoot();

    public static string Results => Path.Combine(Root, "bench", "results");

    public static string Scratch => Path.Combine(Results, "tmp");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmark from inside the repository (Cluster.sln not found)");
    }
}
