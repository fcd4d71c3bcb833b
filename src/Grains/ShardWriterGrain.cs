using System.Diagnostics;
using Cluster.Formats.Telemetry;
using Cluster.Grains.Hosting;
using Cluster.Grains.Planning;
using Cluster.Grains.Storage;
using Cluster.Grains.Writing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace Cluster.Grains;

/// <summary>
/// Writes one shard (key <c>JOB/INDEX</c>). The write runs off the grain's turn (on the thread pool), so the grain keeps
/// answering the job's redrive calls; progress goes to the job on a timer, in batches. Not reentrant: its only state is
/// the running write, and the turns that touch it are short.
/// </summary>
[RandomPlacement]
public sealed class ShardWriterGrain(
    IOptions<ConversionOptions> options,
    IShardWriteGate gate,
    ILocalSiloDetails silo,
    ILogger<ShardWriterGrain> log) : Grain, IShardWriterGrain
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    public Task<bool> EnsureWritingAsync(ShardAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (_running is { IsCompleted: false })
        {
            return Task.FromResult(false);
        }

        _running = RunAsync(assignment);
        return Task.FromResult(true);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stop.Cancel();
        return Task.CompletedTask;
    }

    private async Task RunAsync(ShardAssignment assignment)
    {
        var job = GrainFactory.GetGrain<IConversionJobGrain>(assignment.JobId);

        // The shard span is a child of the job span named in the assignment, whoever drove this writer.
        var parent = ActivityContext.TryParse(assignment.TraceParent, null, out var jobContext) ? jobContext : default;
        var shardUri = JobSpecs.ShardAddressOf(assignment.Spec, assignment.Index);
        using var span = ConversionSpans.StartShard(assignment.JobId, assignment.Index, shardUri, parent);
        var siloName = silo.SiloAddress.ToString();
        var writer = new ShardFileWriter(assignment, gate, options.Value.ProgressBatch, siloName, StorageAccess.Of(options.Value));
        long reported = -1;
        using var progress = this.RegisterGrainTimer(() =>
        {
            var done = writer.ItemsDone;
            if (done != reported && done != long.MaxValue)
            {
                reported = done;

                // A timer tick has no span of its own: the report joins the shard's trace.
                var previous = Activity.Current;
                Activity.Current = span ?? previous;
                try
                {
                    return job.ReportProgressAsync(assignment.Index, done);
                }
                finally
                {
                    Activity.Current = previous;
                }
            }

            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.ProgressInterval) { Interleave = true });
        ShardResult result;
        try
        {
            result = await Task.Run(() => writer.WriteOrReuse(_stop.Token), _stop.Token);
        }
        catch (OperationCanceledException e)
        {
            span.RecordFailure(e);
            log.LogInformation("Shard {Job}/{Index}: write stopped", assignment.JobId, assignment.Index);
            return;
        }
        catch (Exception e)
        {
            span.RecordFailure(e);
            log.LogError(e, "Shard {Job}/{Index}: write failed", assignment.JobId, assignment.Index);
            await ReportFailureAsync(job, assignment, e);
            return;
        }

        progress.Dispose();
        span.SetTotals(result.Records, result.Bytes);
        try
        {
            await job.ReportShardDoneAsync(result);
        }
        catch (Exception e)
        {
            // The shard is published with its marker; the job's next redrive finds it and hears of it again.
            log.LogWarning(e, "Shard {Job}/{Index}: could not report completion", assignment.JobId, assignment.Index);
        }
    }

    private async Task ReportFailureAsync(IConversionJobGrain job, ShardAssignment assignment, Exception error)
    {
        try
        {
            await job.ReportShardFailedAsync(assignment.Index, assignment.PlanId, $"{error.GetType().Name}: {error.Message}");
        }
        catch (Exception e)
        {
            // The job did not hear it; its next redrive starts this shard again.
            log.LogWarning(e, "Shard {Job}/{Index}: could not report the failure", assignment.JobId, assignment.Index);
        }
    }
}
