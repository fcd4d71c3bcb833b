using System.Collections.Concurrent;

namespace Cluster.Trainer.Parallel;

/// <summary>
/// A dedicated, long-lived OS thread that runs all torch work of one replica. libtorch's OpenMP pool and TorchSharp's
/// dispose scopes are per calling thread: running every step of a replica on the same thread keeps one OpenMP team per
/// replica instead of a new team on whichever thread-pool thread an await resumes on.
/// </summary>
internal sealed class ReplicaThread : IDisposable
{
    private readonly BlockingCollection<(Action Work, TaskCompletionSource Done)> queue = new();
    private readonly Thread thread;

    public ReplicaThread(string name)
    {
        thread = new Thread(Loop) { IsBackground = true, Name = name };
        thread.Start();
    }

    public Task RunAsync(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Add((work, done));
        return done.Task;
    }

    public Task<T> RunAsync<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        T result = default!;
        return RunAsync(() => { result = work(); }).ContinueWith(t =>
        {
            t.GetAwaiter().GetResult();
            return result;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public void Dispose()
    {
        queue.CompleteAdding();
        if (Thread.CurrentThread != thread)
            thread.Join();
        queue.Dispose();
    }

    private void Loop()
    {
        foreach (var (work, done) in queue.GetConsumingEnumerable())
        {
            try
            {
                work();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }
}
