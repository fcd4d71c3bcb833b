using Cluster.Grains;
using Spectre.Console;

namespace Cluster.Client.Conversion;

/// <summary>
/// Follows a job until it completes or fails: a Spectre progress bar (images/s, ETA) when stderr is a terminal, else a
/// plain line on stderr every few seconds. Cancelling (Ctrl+C) stops watching only; the job is not cancelled.
/// </summary>
internal static class JobWatcher
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);

    public static Task<JobProgress> WatchAsync(IConversionJobGrain job, CliContext context, CancellationToken ct)
        => context.ErrorIsTerminal ? WatchWithBarAsync(job, context, ct) : WatchPlainAsync(job, context, ct);

    private static async Task<JobProgress> WatchPlainAsync(IConversionJobGrain job, CliContext context, CancellationToken ct)
    {
        var rate = new ProgressRate();
        var last = DateTime.MinValue;
        var lastPhase = JobPhase.Unknown;
        while (true)
        {
            var progress = await job.GetProgressAsync().WaitAsync(ct).ConfigureAwait(false);
            rate.Update(progress);
            if (progress.Phase is not (JobPhase.Planning or JobPhase.Writing))
            {
                return progress;
            }

            if (progress.Phase != lastPhase || DateTime.UtcNow - last >= PlainEvery)
            {
                await context.Error.WriteLineAsync(rate.Describe(progress)).ConfigureAwait(false);
                (last, lastPhase) = (DateTime.UtcNow, progress.Phase);
            }

            await Task.Delay(Poll, ct).ConfigureAwait(false);
        }
    }

    private static async Task<JobProgress> WatchWithBarAsync(IConversionJobGrain job, CliContext context, CancellationToken ct)
    {
        JobProgress? final = null;
        await context.ErrorConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async display =>
            {
                var rate = new ProgressRate();
                var task = display.AddTask("planning", maxValue: 1);
                while (true)
                {
                    var progress = await job.GetProgressAsync().WaitAsync(ct).ConfigureAwait(false);
                    rate.Update(progress);
                    if (progress.ItemsPlanned > 0)
                    {
                        task.MaxValue = progress.ItemsPlanned;
                        task.Value = Math.Min(progress.ItemsDone, progress.ItemsPlanned);
                    }

                    task.Description = Markup.Escape(rate.Label(progress));
                    if (progress.Phase is not (JobPhase.Planning or JobPhase.Writing))
                    {
                        final = progress;
                        task.StopTask();
                        return;
                    }

                    await Task.Delay(Poll, ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        return final!;
    }
}
