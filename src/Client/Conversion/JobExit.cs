using System.Globalization;
using Cluster.Grains;

namespace Cluster.Client.Conversion;

/// <summary>What a finished job means for the exit code, and the line it leaves on stdout.</summary>
internal static class JobExit
{
    public static async Task<int> ReportAsync(JobProgress progress, long? maxQuarantined, CliContext context)
    {
        if (progress.Phase != JobPhase.Completed)
        {
            await context.Error.WriteLineAsync($"error: job {progress.JobId} failed: {progress.Error ?? progress.Phase.ToString()}").ConfigureAwait(false);
            await context.Error.WriteLineAsync($"       fix the cause, then run 'cluster resume {progress.JobId} --cluster ADDR' or the same command again").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"job {progress.JobId} completed: {progress.ImagesWritten} images, {progress.BoxesWritten} boxes, {progress.RowsQuarantined} rows quarantined, {progress.ShardCount} shards in {progress.OutputDir}")).ConfigureAwait(false);
        if (maxQuarantined is { } max && progress.RowsQuarantined > max)
        {
            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"error: {progress.RowsQuarantined} rows quarantined, more than --max-quarantined {max} allows (see {Path.Combine(progress.OutputDir ?? ".", "quarantine.jsonl")})")).ConfigureAwait(false);
            return ExitCodes.TooManyQuarantined;
        }

        return ExitCodes.Ok;
    }
}
