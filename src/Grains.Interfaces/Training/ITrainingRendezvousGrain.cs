namespace Cluster.Grains.Training;

/// <summary>
/// Admits the trainer processes of one data-parallel run (key: the run id) and gives each its rank. The first join fixes
/// the world size; exactly that many members are admitted. A member may ask for a rank (a Kubernetes Indexed Job's
/// completion index) or take the lowest free one. Joining again with the same member id is idempotent (a retried call).
/// Conflicts are errors: another world size, a rank held by another member, a full run.
/// State is in memory: a run whose silo restarts starts again from the trainers' last checkpoints under a new run id.
/// </summary>
public interface ITrainingRendezvousGrain : IGrainWithStringKey
{
    /// <summary>
    /// Joins (or re-joins) the run and returns this member's rank with the roster so far. Throws
    /// <see cref="ArgumentException"/> for a world size that differs from the run's or a rank outside it, and
    /// <see cref="InvalidOperationException"/> when the rank asked for is taken or the run is full.
    /// </summary>
    Task<RendezvousStatus> JoinAsync(RendezvousRequest request);

    /// <summary>
    /// The roster as seen by <paramref name="memberId"/>: returns as soon as every rank has joined, or after
    /// <paramref name="maxWait"/> (at most 10 s, below Orleans' response timeout) with <see cref="RendezvousStatus.Complete"/> false.
    /// </summary>
    Task<RendezvousStatus> WaitAsync(string memberId, TimeSpan maxWait);
}
