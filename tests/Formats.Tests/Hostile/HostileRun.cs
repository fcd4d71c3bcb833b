namespace Cluster.Formats.Tests.Hostile;

/// <summary>Runs a hostile case on a worker thread under a time limit and measures what it allocated on that thread.</summary>
internal static class HostileRun
{
    /// <summary>Generous limit for one case: a hang fails the test instead of stalling the run.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static async Task<(T Result, long Allocated)> MeasuredAsync<T>(Func<T> work)
    {
        var task = Task.Factory.StartNew(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var result = work();
            return (result, GC.GetAllocatedBytesForCurrentThread() - before);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return await task.WaitAsync(Limit);
    }

    /// <summary>The exception <paramref name="work"/> throws (failing when it throws none), with the bytes it allocated.</summary>
    public static async Task<(TException Error, long Allocated)> FailsAsync<TException>(Action work)
        where TException : Exception
    {
        var (error, allocated) = await MeasuredAsync<Exception?>(() =>
        {
            try
            {
                work();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        });
        Assert.NotNull(error);
        return (Assert.IsAssignableFrom<TException>(error), allocated);
    }

    public const long MiB = 1L << 20;
}
