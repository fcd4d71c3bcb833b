namespace Cluster.Silo;

/// <summary>Where grain state (job specs, plans, progress) is persisted.</summary>
public enum StorageKind
{
    Memory,
    AzureTable,
    AzureBlob,
}
