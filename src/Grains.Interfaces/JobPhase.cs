namespace Cluster.Grains;

/// <summary>Where a conversion job is.</summary>
[GenerateSerializer]
public enum JobPhase
{
    /// <summary>No job with this id was ever started.</summary>
    Unknown,

    /// <summary>Reading the manifest and writing the per-shard work lists.</summary>
    Planning,

    /// <summary>Shard writers are writing.</summary>
    Writing,

    /// <summary>Every shard is published; label map, summary and quarantine are written.</summary>
    Completed,

    /// <summary>Stopped by an error (see <see cref="JobProgress.Error"/>); <c>resume</c> retries it.</summary>
    Failed,
}
