namespace Cluster.Grains.Training;

/// <summary>
/// The collective operations of one data-parallel run (key: the run id) for its <c>World</c> trainer processes. Every
/// step each rank contributes its totals (<see cref="ContributeCountsAsync"/>) and then every bucket of its summed flat
/// gradient (<see cref="ContributeBucketAsync"/>); once all ranks have contributed a round, the grain adds the
/// contributions in rank order 0, 1, … (one fixed order, so the result never depends on arrival order) and every rank
/// receives the same array: bit-identical on every rank.
/// <para>
/// Calls never block for long: they wait at most <c>maxWait</c> (capped at 10 s, well below Orleans' response timeout)
/// and then answer "not ready" with the ranks still missing; the caller polls (<see cref="PollCountsAsync"/>,
/// <see cref="PollBucketAsync"/>) until its own deadline, so a rank that never arrives becomes a timeout naming it.
/// State is in memory and a round is dropped once every rank has its result.
/// </para>
/// </summary>
public interface IGradientAllReduceGrain : IGrainWithStringKey
{
    Task<CountsResult> ContributeCountsAsync(CountsContribution contribution, TimeSpan maxWait);

    Task<CountsResult> PollCountsAsync(long step, int rank, TimeSpan maxWait);

    Task<BucketResult> ContributeBucketAsync(BucketContribution contribution, TimeSpan maxWait);

    Task<BucketResult> PollBucketAsync(long step, int bucket, int rank, TimeSpan maxWait);
}
