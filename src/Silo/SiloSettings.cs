namespace Cluster.Silo;

/// <summary>
/// The silo's settings, section <c>Cluster</c> of appsettings.json, appsettings.{Environment}.json and environment
/// variables (<c>Cluster__Clustering=AzureTable</c>, <c>Cluster__ConnectionString=...</c>).
/// </summary>
public sealed class SiloSettings
{
    public const string Section = "Cluster";

    /// <summary><see cref="ClusteringKind.Localhost"/> (one machine) or <see cref="ClusteringKind.AzureTable"/>.</summary>
    public ClusteringKind Clustering { get; set; } = ClusteringKind.Localhost;

    /// <summary>Where job state is kept: Memory (lost when the silos stop), AzureTable or AzureBlob.</summary>
    public StorageKind Storage { get; set; } = StorageKind.Memory;

    /// <summary>Azure Storage connection string, for AzureTable clustering and Azure storage.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>This deployment's membership; give a fresh one to silos started after every silo of the last one died
    /// (their table entries would otherwise be waited for).</summary>
    public string ClusterId { get; set; } = "cluster";

    /// <summary>Stable across deployments: grain state (jobs) is stored under it, so a new deployment resumes old jobs.</summary>
    public string ServiceId { get; set; } = "cluster";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Localhost clustering: the silo port of the primary silo (the first one started); its own port by default.</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>Seconds between a job's redrives of unfinished shards.</summary>
    public double RedriveSeconds { get; set; } = 2;

    /// <summary>Checks the combination; throws <see cref="InvalidOperationException"/> naming the missing setting.</summary>
    public SiloSettings Validated()
    {
        var needsAzure = Clustering == ClusteringKind.AzureTable || Storage is StorageKind.AzureTable or StorageKind.AzureBlob;
        if (needsAzure && string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException($"{Section}:ConnectionString (env Cluster__ConnectionString) is required for Clustering={Clustering}, Storage={Storage}");
        }

        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{Section}:SiloPort and {Section}:GatewayPort must be 1-65535, got {SiloPort} and {GatewayPort}");
        }

        return this;
    }
}
