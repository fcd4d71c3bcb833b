namespace Cluster.Grains.Hosting;

/// <summary>Timings of the conversion grains (bound from the silo's configuration section "Conversion").</summary>
public sealed class ConversionOptions
{
    /// <summary>How often a job calls the writers of unfinished shards: a writer that died is started again.</summary>
    public TimeSpan RedriveInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a job waits for one writer to answer before trying it again at the next redrive.</summary>
    public TimeSpan WriterCallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a writer sends its progress to the job (in batches, never per record).</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Items between two progress marks inside a writer (and between two <see cref="IShardWriteGate"/> calls).</summary>
    public int ProgressBatch { get; set; } = 64;

    /// <summary>Connection string of the storage account holding Blob output and image locations (<c>az://...</c>); the
    /// silo sets it from <c>Cluster__StorageConnectionString</c>. Null: the environment's
    /// <c>AZURE_STORAGE_CONNECTION_STRING</c>. A secret: never logged.</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>Bytes per staged block of a shard written to Blob storage (default 8 MiB).</summary>
    public int BlobBlockSize { get; set; } = 8 << 20;
}
