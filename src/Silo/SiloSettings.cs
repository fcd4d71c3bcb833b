using System.Net;

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

    /// <summary>Azure Storage connection string, for AzureTable clustering and Azure storage (the k8s contract's
    /// <c>Cluster__StorageConnectionString</c>, from a Secret). A secret: never logged, never put on a span.</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>The older name of <see cref="StorageConnectionString"/>, still read when that one is not set.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The connection string in effect.</summary>
    public string? EffectiveConnectionString => string.IsNullOrWhiteSpace(StorageConnectionString) ? ConnectionString : StorageConnectionString;

    /// <summary>This deployment's membership; give a fresh one to silos started after every silo of the last one died
    /// (their table entries would otherwise be waited for).</summary>
    public string ClusterId { get; set; } = "cluster";

    /// <summary>Stable across deployments: grain state (jobs) is stored under it, so a new deployment resumes old jobs.</summary>
    public string ServiceId { get; set; } = "cluster";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Localhost clustering: the silo port of the primary silo (the first one started); its own port by default.</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>The address other silos and clients reach this one at, and that its silo and gateway endpoints listen on
    /// (in Kubernetes the pod IP, <c>Cluster__AdvertisedIp=$(POD_IP)</c>); loopback when not set.</summary>
    public string? AdvertisedIp { get; set; }

    /// <summary>The silo's name in membership and the dashboard (in Kubernetes the pod name); Orleans picks one when not set.</summary>
    public string? SiloName { get; set; }

    /// <summary>Port of <c>GET /healthz/live</c> and <c>GET /healthz/ready</c>, served on <see cref="AdvertisedIp"/> (or
    /// loopback); off when not set.</summary>
    public int? HealthPort { get; set; }

    /// <summary>Port of the Orleans Dashboard, served on <see cref="DashboardAddress"/>; off when not set.</summary>
    public int? DashboardPort { get; set; }

    /// <summary>Where the dashboard listens: loopback unless configured otherwise (it has no authentication).</summary>
    public string DashboardAddress { get; set; } = "127.0.0.1";

    /// <summary>How long a stopping silo may take to hand its grains over (<c>HostOptions.ShutdownTimeout</c>); keep it
    /// below the pod's <c>terminationGracePeriodSeconds</c>.</summary>
    public TimeSpan? ShutdownTimeout { get; set; }

    /// <summary>Seconds between a job's redrives of unfinished shards.</summary>
    public double RedriveSeconds { get; set; } = 2;

    /// <summary>Seconds between two progress reports of a shard writer to its job.</summary>
    public double ProgressSeconds { get; set; } = 0.5;

    /// <summary>Records a shard writer writes between two progress marks (what <see cref="ProgressSeconds"/> reports).</summary>
    public int ProgressItems { get; set; } = 64;

    /// <summary>The address the silo, gateway and health endpoints listen on and advertise: <see cref="AdvertisedIp"/>,
    /// else the older <c>CLUSTER_ADVERTISED_IP</c> variable, else loopback.</summary>
    public IPAddress ListenAddress =>
        IPAddress.TryParse(AdvertisedIp ?? Environment.GetEnvironmentVariable("CLUSTER_ADVERTISED_IP"), out var ip) ? ip : IPAddress.Loopback;

    /// <summary>Checks the combination; throws <see cref="InvalidOperationException"/> naming the missing setting.</summary>
    public SiloSettings Validated()
    {
        var needsAzure = Clustering == ClusteringKind.AzureTable || Storage is StorageKind.AzureTable or StorageKind.AzureBlob;
        if (needsAzure && string.IsNullOrWhiteSpace(EffectiveConnectionString))
        {
            throw new InvalidOperationException(
                $"{Section}:StorageConnectionString (env Cluster__StorageConnectionString; {Section}:ConnectionString is also read) is required for Clustering={Clustering}, Storage={Storage}");
        }

        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{Section}:SiloPort and {Section}:GatewayPort must be 1-65535, got {SiloPort} and {GatewayPort}");
        }

        if (HealthPort is < 1 or > 65535 || DashboardPort is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{Section}:HealthPort and {Section}:DashboardPort must be 1-65535, got {HealthPort} and {DashboardPort}");
        }

        if (AdvertisedIp is not null && !IPAddress.TryParse(AdvertisedIp, out _))
        {
            throw new InvalidOperationException($"{Section}:AdvertisedIp must be an IP address, got '{AdvertisedIp}'");
        }

        if (!IPAddress.TryParse(DashboardAddress, out _))
        {
            throw new InvalidOperationException($"{Section}:DashboardAddress must be an IP address, got '{DashboardAddress}'");
        }

        if (!(RedriveSeconds > 0) || !(ProgressSeconds > 0) || ProgressItems < 1)
        {
            throw new InvalidOperationException(
                $"{Section}:RedriveSeconds and {Section}:ProgressSeconds must be positive and {Section}:ProgressItems at least 1, got {RedriveSeconds}, {ProgressSeconds} and {ProgressItems}");
        }

        if (ShutdownTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Section}:ShutdownTimeout must be positive, got {timeout}");
        }

        return this;
    }
}
