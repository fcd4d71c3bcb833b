using Cluster.Grains;

namespace Cluster.Client.Conversion;

/// <summary>Watches a job to its end and maps the outcome to an exit code; Ctrl+C detaches (exit 130).</summary>
internal static class JobFollow
{
    public static async Task<int> FollowAsync(IConversionJobGrain grain, string jobId, bool embedded, long? maxQuarantined, CliContext context, CancellationToken ct)
    {
        JobProgress final;
        try
        {
            final = await JobWatcher.WatchAsync(grain, context, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync(embedded
                ? $"interrupted: job {jobId} stops with this process; run the same command again to finish it (published shards are kept)"
                : $"detached: job {jobId} keeps running on the cluster; see 'cluster status {jobId} --cluster ADDR'").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }

        return await JobExit.ReportAsync(final, maxQuarantined, context).ConfigureAwait(false);
    }
}
