namespace Cluster.Silo;

/// <summary>How silos find each other.</summary>
public enum ClusteringKind
{
    /// <summary>Development: silos on one machine, the first one is the primary.</summary>
    Localhost,

    /// <summary>Membership in an Azure Storage table.</summary>
    AzureTable,
}
