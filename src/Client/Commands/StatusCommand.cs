using System.CommandLine;
using System.Globalization;
using Cluster.Client.Conversion;
using Cluster.Grains;

namespace Cluster.Client.Commands;

/// <summary><c>cluster status JOB --cluster ADDR</c>: one <c>key: value</c> line per figure of the job on stdout; exit 1
/// when the cluster has no such job.</summary>
public sealed class StatusCommand : IVerb
{
    public Command Build(CliContext context)
    {
        var job = new Argument<string>("JOB") { Description = "job id (what convert printed)" };
        var cluster = new Option<string>("--cluster") { Description = "gateways of the running cluster, HOST:PORT[,HOST:PORT...]", Required = true };
        var command = new Command("status", "show a job on a running cluster") { job, cluster };
        command.SetAction(async (parse, ct) =>
        {
            var jobId = parse.GetRequiredValue(job);
            await using var connection = await ClusterConnection.OpenAsync(parse.GetRequiredValue(cluster), ct).ConfigureAwait(false);
            var p = await connection.Grains.GetGrain<IConversionJobGrain>(jobId).GetProgressAsync().WaitAsync(ct).ConfigureAwait(false);
            if (p.Phase == JobPhase.Unknown)
            {
                await context.Error.WriteLineAsync($"error: no job '{jobId}' on this cluster").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            await context.Out.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"""
                job: {p.JobId}
                phase: {p.Phase.ToString().ToLowerInvariant()}
                shards: {p.ShardsDone}/{p.ShardCount}
                images: {p.ItemsDone}/{p.ItemsPlanned}
                redrives: {p.Redrives}
                output: {p.OutputDir}

                """)).ConfigureAwait(false);
            if (p.Error is not null)
            {
                await context.Out.WriteLineAsync($"error: {p.Error}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
