namespace Cluster.Grains.Planning;

/// <summary>
/// The work folder <c>OUT/.cluster-work</c> of a job whose output is a local folder, as full paths (see
/// <see cref="WorkNames"/> for what it holds).
/// </summary>
internal sealed class WorkFolder
{
    public const string DirectoryName = WorkNames.Root;

    public WorkFolder(string outputDir)
    {
        OutputDir = Path.GetFullPath(outputDir);
        Root = Path.Combine(OutputDir, DirectoryName);
    }

    public string OutputDir { get; }

    public string Root { get; }

    public string PlanFile => PathOf(WorkNames.Plan);

    public string LabelMapFile => PathOf(WorkNames.LabelMap);

    public string ListOf(int shard) => PathOf(WorkNames.ListOf(shard));

    public string UnsortedListOf(int shard) => PathOf(WorkNames.UnsortedListOf(shard));

    public string QuarantineOf(int shard) => PathOf(WorkNames.QuarantineOf(shard));

    public string MarkerOf(int shard) => PathOf(WorkNames.MarkerOf(shard));

    public void Create() => Directory.CreateDirectory(Root);

    private string PathOf(string name) => Path.Combine(OutputDir, name.Replace('/', Path.DirectorySeparatorChar));
}
