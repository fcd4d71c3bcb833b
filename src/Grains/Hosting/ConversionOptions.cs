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
}
