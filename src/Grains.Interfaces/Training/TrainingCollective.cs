using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Cluster.Grains.Training;

/// <summary>
/// A trainer process's side of a run's collectives: joins the run through <see cref="ITrainingRendezvousGrain"/>, then
/// exchanges step totals and averages flat gradients bucket by bucket through <see cref="IGradientAllReduceGrain"/>.
/// Every wait polls in short calls until <see cref="Timeout"/>: a rank that never arrives becomes a
/// <see cref="TimeoutException"/> naming the run, the step and the missing ranks, never a hang.
/// </summary>
public sealed class TrainingCollective
{
    /// <summary>How long one grain call may wait for the others before answering "not ready".</summary>
    public static readonly TimeSpan PollWait = TimeSpan.FromSeconds(5);

    /// <summary>The default time to wait for the other ranks at the rendezvous and at every step.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    private readonly IGradientAllReduceGrain _grain;
    private long _bytesSent;
    private long _bytesReceived;
    private long _ticks;

    private TrainingCollective(IGrainFactory grains, string runId, int rank, int world, TimeSpan timeout, int bucketElements)
    {
        _grain = grains.GetGrain<IGradientAllReduceGrain>(runId);
        (RunId, Rank, World, Timeout, BucketElements) = (runId, rank, world, timeout, bucketElements);
    }

    public string RunId { get; }

    public int Rank { get; }

    public int World { get; }

    public TimeSpan Timeout { get; }

    public int BucketElements { get; }

    /// <summary>Gradient bytes this rank has sent so far (the buckets' payloads).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Gradient bytes this rank has received so far (the means).</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Wall time spent in <see cref="ExchangeCountsAsync"/> and <see cref="AverageAsync"/> so far (sending, waiting for the other ranks, receiving).</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    /// <summary>
    /// Joins run <paramref name="runId"/> of <paramref name="world"/> processes as <paramref name="rank"/> (null: any
    /// free rank) and returns once every rank has joined; <see cref="TimeoutException"/> naming the missing ranks after
    /// <paramref name="timeout"/>.
    /// </summary>
    public static async Task<TrainingCollective> JoinAsync(IGrainFactory grains, string runId, int world, int? rank, TimeSpan timeout,
        int bucketElements = GradientBuckets.DefaultBucketElements, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentOutOfRangeException.ThrowIfLessThan(world, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _ = GradientBuckets.Ranges(0, bucketElements); // validates the bucket size
        var rendezvous = grains.GetGrain<ITrainingRendezvousGrain>(runId);
        var member = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/pid-{Environment.ProcessId}/{Guid.NewGuid():N}");
        var deadline = DateTimeOffset.UtcNow + timeout;
        var status = await rendezvous.JoinAsync(new RendezvousRequest { MemberId = member, World = world, Rank = rank }).WaitAsync(ct).ConfigureAwait(false);
        while (!status.Complete)
        {
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"run '{runId}': rank(s) {string.Join(", ", status.Waiting)} of {world} did not join within {timeout.TotalSeconds:0.#} s");
            status = await rendezvous.WaitAsync(member, left < PollWait ? left : PollWait).WaitAsync(ct).ConfigureAwait(false);
        }

        return new TrainingCollective(grains, runId, status.Rank, world, timeout, bucketElements);
    }

    /// <summary>The world's totals of objects and replicas for <paramref name="step"/>.</summary>
    public async Task<(long Objects, int Replicas)> ExchangeCountsAsync(long objects, int replicas, long step, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        var contribution = new CountsContribution { Step = step, Rank = Rank, World = World, Objects = objects, Replicas = replicas };
        var result = await UntilReadyAsync(
            wait => _grain.ContributeCountsAsync(contribution, wait),
            wait => _grain.PollCountsAsync(step, Rank, wait),
            r => r.Ready, r => r.Waiting, $"the counts of step {step}", ct).ConfigureAwait(false);
        Interlocked.Add(ref _ticks, Stopwatch.GetElapsedTime(started).Ticks);
        return (result.Objects, result.Replicas);
    }

    /// <summary>
    /// Replaces <paramref name="localSum"/> (this rank's flat gradient summed over its local replicas) with the world's
    /// sum divided by <paramref name="divisor"/> (the replicas in the whole world): identical bits on every rank.
    /// Buckets travel concurrently, each in its own bounded message.
    /// </summary>
    public async Task AverageAsync(float[] localSum, int divisor, long step, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(localSum);
        ArgumentOutOfRangeException.ThrowIfLessThan(divisor, 1);
        var started = Stopwatch.GetTimestamp();
        var ranges = GradientBuckets.Ranges(localSum.Length, BucketElements);
        var means = await Task.WhenAll(ranges.Select(async (range, bucket) =>
        {
            var contribution = new BucketContribution
            {
                Step = step, Bucket = bucket, Rank = Rank, World = World, Divisor = divisor,
                Values = MemoryMarshal.AsBytes(localSum.AsSpan(range.Start, range.Length)).ToArray(),
            };
            Interlocked.Add(ref _bytesSent, range.Length * (long)sizeof(float));
            var result = await UntilReadyAsync(
                wait => _grain.ContributeBucketAsync(contribution, wait),
                wait => _grain.PollBucketAsync(step, bucket, Rank, wait),
                r => r.Ready, r => r.Waiting, $"bucket {bucket} of step {step}", ct).ConfigureAwait(false);
            var bytes = result.Mean ?? throw new InvalidOperationException($"run '{RunId}': bucket {bucket} of step {step} came back without values");
            if (bytes.Length != range.Length * sizeof(float))
                throw new InvalidOperationException($"run '{RunId}': bucket {bucket} of step {step} came back with {bytes.Length} bytes, sent {range.Length * sizeof(float)}");
            var mean = MemoryMarshal.Cast<byte, float>(bytes.AsSpan()).ToArray();
            Interlocked.Add(ref _bytesReceived, mean.Length * (long)sizeof(float));
            return mean;
        })).ConfigureAwait(false);
        GradientBuckets.Join(means, localSum);
        Interlocked.Add(ref _ticks, Stopwatch.GetElapsedTime(started).Ticks);
    }

    private async Task<T> UntilReadyAsync<T>(Func<TimeSpan, Task<T>> contribute, Func<TimeSpan, Task<T>> poll, Func<T, bool> ready, Func<T, int[]> waiting,
        string what, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + Timeout;
        var result = await contribute(PollWait).WaitAsync(ct).ConfigureAwait(false);
        while (!ready(result))
        {
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException(
                    $"run '{RunId}', rank {Rank}: rank(s) {string.Join(", ", waiting(result))} of {World} did not send {what} within {Timeout.TotalSeconds:0.#} s (a trainer stopped or is stuck)");
            }

            result = await poll(left < PollWait ? left : PollWait).WaitAsync(ct).ConfigureAwait(false);
        }

        return result;
    }
}
