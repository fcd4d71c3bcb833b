namespace Cluster.Grains;

/// <summary>Names of the grain storage providers the grains use; a silo must register each of them.</summary>
public static class StorageNames
{
    /// <summary>Conversion job state: spec, plan summary and progress.</summary>
    public const string Jobs = "cluster-jobs";
}
