namespace Cluster.Grains.Planning;

/// <summary>The order of items within a shard: seeded hash, then key, then source file and line (all ordinal).</summary>
internal sealed class WorkItemOrder : IComparer<WorkItem>
{
    public static WorkItemOrder Instance { get; } = new();

    public int Compare(WorkItem? x, WorkItem? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var c = x.Hash.CompareTo(y.Hash);
        if (c == 0) c = string.CompareOrdinal(x.Key, y.Key);
        if (c == 0) c = string.CompareOrdinal(x.SourceFile, y.SourceFile);
        return c != 0 ? c : x.SourceLine.CompareTo(y.SourceLine);
    }
}
