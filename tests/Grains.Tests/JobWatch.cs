namespace Cluster.Grains.Tests;

/// <summary>Polls a job until it leaves the planning/writing phases, failing with the last progress on timeout.</summary>
internal static class JobWatch
{
    public static async Task<JobProgress> UntilFinishedAsync(IConversionJobGrain job, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var progress = await job.GetProgressAsync();
        while (progress.Phase is JobPhase.Planning or JobPhase.Writing)
        {
            if (cts.IsCancellationRequested)
            {
                Assert.Fail($"job {progress.JobId} not finished after {timeout}: {progress}");
            }

            await Task.Delay(50);
            progress = await job.GetProgressAsync();
        }

        return progress;
    }

    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition())
        {
            if (cts.IsCancellationRequested)
            {
                Assert.Fail($"timed out after {timeout} waiting for {what}");
            }

            await Task.Delay(20);
        }
    }
}
