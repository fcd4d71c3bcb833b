using System.Globalization;

namespace Cluster.Grains.Planning;

/// <summary>
/// The job's work folder, <c>OUT/.cluster-work</c>: the plan, the label map, one sorted JSONL work list per shard, and
/// per shard a quarantine part and a done marker (the published shard's SHA-256). It lives on the output volume, not in
/// grain state, so it survives the death of every silo and of an embedded process.
/// </summary>
internal sealed class WorkFolder
{
    public const string DirectoryName = ".cluster-work";

    public WorkFolder(string outputDir)
    {
        OutputDir = Path.GetFullPath(outputDir);
        Root = Path.Combine(OutputDir, DirectoryName);
    }

    public string OutputDir { get; }

    public string Root { get; }

    public string PlanFile => Path.Combine(Root, "plan.json");

    public string LabelMapFile => Path.Combine(Root, "label_map.pbtxt");

    public string ListOf(int shard) => Path.Combine(Root, Stem(shard) + ".jsonl");

    public string UnsortedListOf(int shard) => Path.Combine(Root, Stem(shard) + ".unsorted.tmp");

    public string QuarantineOf(int shard) => Path.Combine(Root, Stem(shard) + ".quarantine.jsonl");

    public string MarkerOf(int shard) => Path.Combine(Root, Stem(shard) + ".done.json");

    public void Create() => Directory.CreateDirectory(Root);

    private static string Stem(int shard) => string.Create(CultureInfo.InvariantCulture, $"shard-{shard:D5}");
}
