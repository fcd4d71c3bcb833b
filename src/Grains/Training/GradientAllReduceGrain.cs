using System.Runtime.InteropServices;
using Orleans.Concurrency;

namespace Cluster.Grains.Training;

/// <summary>
/// The collectives of one training run (see <see cref="IGradientAllReduceGrain"/>). Reentrant: while one rank's call
/// waits for the round to fill, the other ranks' contributions run. Every round is reduced exactly once, when its last
/// contribution arrives, in rank order; the one result array goes to every rank. In-memory state only.
/// </summary>
[Reentrant]
public sealed class GradientAllReduceGrain : Grain, IGradientAllReduceGrain
{
    /// <summary>The longest a call waits before answering "not ready" (Orleans' response timeout is 30 s by default).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    private readonly Dictionary<long, ReduceRound<CountsContribution, CountsResult>> _counts = [];
    private readonly Dictionary<(long Step, int Bucket), ReduceRound<BucketContribution, byte[]>> _buckets = [];
    private readonly Dictionary<int, long> _lastStep = [];
    private int _world;

    public Task<CountsResult> ContributeCountsAsync(CountsContribution contribution, TimeSpan maxWait)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        CheckRank(contribution.Rank, contribution.World);
        if (contribution.Objects < 0 || contribution.Replicas < 1)
            throw new ArgumentException($"rank {contribution.Rank} sent {contribution.Objects} objects and {contribution.Replicas} replicas for step {contribution.Step}");
        if (_lastStep.TryGetValue(contribution.Rank, out var last) && contribution.Step < last)
        {
            throw new InvalidOperationException(
                $"run '{this.GetPrimaryKeyString()}': rank {contribution.Rank} is back at step {contribution.Step} after step {last}; a restarted trainer needs a new run id (resume every rank from its checkpoint)");
        }

        _lastStep[contribution.Rank] = contribution.Step;
        var round = RoundOf(_counts, contribution.Step, _world);
        round.Add(contribution.Rank, contribution);
        if (round.AllIn && !round.HasResult)
        {
            round.Complete(new CountsResult
            {
                Ready = true,
                Objects = round.Contributions.Sum(c => c!.Objects),
                Replicas = round.Contributions.Sum(c => c!.Replicas),
            });
        }

        return AwaitCountsAsync(round, contribution.Step, contribution.Rank, maxWait);
    }

    public Task<CountsResult> PollCountsAsync(long step, int rank, TimeSpan maxWait)
    {
        if (_world == 0 || rank < 0 || rank >= _world || !_counts.TryGetValue(step, out var round) || !round.Contributed(rank))
            throw new InvalidOperationException($"run '{this.GetPrimaryKeyString()}': rank {rank} polls the counts of step {step} without having contributed");
        return AwaitCountsAsync(round, step, rank, maxWait);
    }

    public Task<BucketResult> ContributeBucketAsync(BucketContribution contribution, TimeSpan maxWait)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        ArgumentNullException.ThrowIfNull(contribution.Values);
        CheckRank(contribution.Rank, contribution.World);
        if (contribution.Divisor < 1)
            throw new ArgumentException($"rank {contribution.Rank} sent divisor {contribution.Divisor} for step {contribution.Step} bucket {contribution.Bucket}");
        if (contribution.Values.Length % sizeof(float) != 0 || contribution.Length > GradientBuckets.MaxBucketElements)
            throw new ArgumentException($"bucket {contribution.Bucket} of rank {contribution.Rank} holds {contribution.Values.Length} bytes: not 4-byte floats, or more than {GradientBuckets.MaxBucketElements} of them");
        var key = (contribution.Step, contribution.Bucket);
        var round = RoundOf(_buckets, key, _world);
        var first = round.Contributions.FirstOrDefault(c => c is not null);
        if (first is not null && (first.Values.Length != contribution.Values.Length || first.Divisor != contribution.Divisor))
        {
            var reason = $"run '{this.GetPrimaryKeyString()}' step {contribution.Step} bucket {contribution.Bucket}: rank {contribution.Rank} sent {contribution.Length} floats / divisor {contribution.Divisor}, rank {first.Rank} sent {first.Length} / {first.Divisor} (do all ranks train the same model?)";
            round.Fail(reason); // the ranks already waiting fail now rather than at their timeout
            throw new ArgumentException(reason);
        }

        round.Add(contribution.Rank, contribution);
        if (round.AllIn && !round.HasResult)
            round.Complete(Mean(round.Contributions, contribution.Divisor));
        return AwaitBucketAsync(round, key, contribution.Rank, maxWait);
    }

    public Task<BucketResult> PollBucketAsync(long step, int bucket, int rank, TimeSpan maxWait)
    {
        if (_world == 0 || rank < 0 || rank >= _world || !_buckets.TryGetValue((step, bucket), out var round) || !round.Contributed(rank))
            throw new InvalidOperationException($"run '{this.GetPrimaryKeyString()}': rank {rank} polls step {step} bucket {bucket} without having contributed");
        return AwaitBucketAsync(round, (step, bucket), rank, maxWait);
    }

    /// <summary>Σ contributions in rank order 0, 1, …, then ÷ divisor: one fixed sequence of float operations.</summary>
    internal static byte[] Mean(IReadOnlyList<BucketContribution?> contributions, int divisor)
    {
        var bytes = new byte[contributions[0]!.Values.Length];
        var sum = MemoryMarshal.Cast<byte, float>(bytes.AsSpan());
        foreach (var contribution in contributions)
        {
            var values = MemoryMarshal.Cast<byte, float>(contribution!.Values.AsSpan());
            for (var i = 0; i < sum.Length; i++)
                sum[i] += values[i];
        }

        var d = (float)divisor;
        for (var i = 0; i < sum.Length; i++)
            sum[i] /= d;
        return bytes;
    }

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait;

    private static ReduceRound<TIn, TOut> RoundOf<TKey, TIn, TOut>(Dictionary<TKey, ReduceRound<TIn, TOut>> rounds, TKey key, int world)
        where TKey : notnull
        where TIn : class
        where TOut : class
    {
        if (!rounds.TryGetValue(key, out var round))
        {
            round = new ReduceRound<TIn, TOut>(world);
            rounds.Add(key, round);
        }

        return round;
    }

    private async Task<CountsResult> AwaitCountsAsync(ReduceRound<CountsContribution, CountsResult> round, long step, int rank, TimeSpan maxWait)
    {
        var result = await round.WaitAsync(Clamp(maxWait));
        if (result is null)
            return new CountsResult { Waiting = round.Waiting };
        if (round.Collect(rank))
            _counts.Remove(step);
        return result;
    }

    private async Task<BucketResult> AwaitBucketAsync(ReduceRound<BucketContribution, byte[]> round, (long, int) key, int rank, TimeSpan maxWait)
    {
        var mean = await round.WaitAsync(Clamp(maxWait));
        if (mean is null)
            return new BucketResult { Waiting = round.Waiting };
        if (round.Collect(rank))
            _buckets.Remove(key);
        return new BucketResult { Ready = true, Mean = mean };
    }

    /// <summary>The first call fixes the world size; a rank outside it or another world size is an error.</summary>
    private void CheckRank(int rank, int world)
    {
        if (world < 1)
            throw new ArgumentException($"run '{this.GetPrimaryKeyString()}': world size must be at least 1, got {world}");
        if (_world == 0)
            _world = world;
        else if (world != _world)
            throw new ArgumentException($"run '{this.GetPrimaryKeyString()}' has {_world} ranks, a call says {world}");
        if (rank < 0 || rank >= _world)
            throw new ArgumentException($"run '{this.GetPrimaryKeyString()}': rank {rank} is outside 0..{_world - 1}");
    }
}
