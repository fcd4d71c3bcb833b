using System.CommandLine;
using Cluster.Client.Conversion;
using Cluster.Grains;

namespace Cluster.Client.Commands;

/// <summary><c>cluster resume JOB --cluster ADDR</c>: continues a job that stopped (all silos restarted, a failure) and
/// follows it like convert; exit codes as convert.</summary>
public sealed class ResumeCommand : IVerb
{
    public Command Build(CliContext context)
    {
        var job = new Argument<string>("JOB") { Description = "job id (what convert printed)" };
        var cluster = new Option<string>("--cluster") { Description = "gateways of the running cluster, HOST:PORT[,HOST:PORT...]", Required = true };
        var noWait = new Option<bool>("--no-wait") { Description = "resume and exit without watching" };
        var maxQuarantined = new Option<long?>("--max-quarantined") { Description = "exit 4 when more rows than this are quarantined" };
        var command = new Command("resume", "continue a stopped job on a running cluster") { job, cluster, noWait, maxQuarantined };
        command.SetAction(async (parse, ct) =>
        {
            var jobId = parse.GetRequiredValue(job);
            await using var connection = await ClusterConnection.OpenAsync(parse.GetRequiredValue(cluster), ct).ConfigureAwait(false);
            var grain = connection.Grains.GetGrain<IConversionJobGrain>(jobId);
            await grain.ResumeAsync().WaitAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(noWait))
            {
                await context.Out.WriteLineAsync(jobId).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            return await JobFollow.FollowAsync(grain, jobId, embedded: false, parse.GetValue(maxQuarantined), context, ct).ConfigureAwait(false);
        });
        return command;
    }
}
