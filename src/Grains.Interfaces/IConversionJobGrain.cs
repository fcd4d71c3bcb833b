using Orleans.Concurrency;

namespace Cluster.Grains;

/// <summary>
/// One conversion job (key: job id). Plans the shards deterministically, drives one <see cref="IShardWriterGrain"/> per
/// shard, re-drives shards whose writer was lost, and writes label_map.pbtxt, summary.json and quarantine.jsonl at the end.
/// </summary>
public interface IConversionJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job (or continues it, when it exists with the same spec) and returns at once.</summary>
    Task<JobProgress> StartAsync(ConversionJobSpec spec);

    /// <summary>Continues a job that stopped (silos restarted, a failure); an unknown job is an error.</summary>
    Task<JobProgress> ResumeAsync();

    Task<JobProgress> GetProgressAsync();

    /// <summary>The silo this job runs on (tests use it to kill a different one).</summary>
    Task<string> GetSiloAsync();

    /// <summary>A writer's batch progress report: items of shard <paramref name="index"/> done so far.</summary>
    [OneWay]
    Task ReportProgressAsync(int index, long itemsDone);

    /// <summary>A writer published its shard.</summary>
    Task ReportShardDoneAsync(ShardResult result);

    /// <summary>A writer could not write its shard (an I/O error, not a bad row: bad rows are quarantined).</summary>
    Task ReportShardFailedAsync(int index, string planId, string error);
}
