using Orleans.Concurrency;

namespace Cluster.Grains.Training;

/// <summary>
/// Admits exactly <c>World</c> trainer processes to one run and hands out ranks (see <see cref="ITrainingRendezvousGrain"/>).
/// Reentrant, so members waiting for the roster do not hold back the ones still joining. In-memory state only.
/// </summary>
[Reentrant]
public sealed class TrainingRendezvousGrain : Grain, ITrainingRendezvousGrain
{
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string?[]? _members;

    public Task<RendezvousStatus> JoinAsync(RendezvousRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.MemberId);
        var run = this.GetPrimaryKeyString();
        if (request.World < 1)
            throw new ArgumentException($"run '{run}': world size must be at least 1, got {request.World}");
        _members ??= new string?[request.World];
        if (request.World != _members.Length)
            throw new ArgumentException($"run '{run}' has {_members.Length} ranks; member {request.MemberId} asks for a world of {request.World}");
        if (request.Rank is { } asked && (asked < 0 || asked >= _members.Length))
            throw new ArgumentException($"run '{run}': rank {asked} is outside 0..{_members.Length - 1}");

        var held = Array.IndexOf(_members, request.MemberId);
        if (held >= 0)
        {
            if (request.Rank is { } other && other != held)
                throw new InvalidOperationException($"run '{run}': member {request.MemberId} holds rank {held}, not {other}");
            return Task.FromResult(Status(held));
        }

        int rank;
        if (request.Rank is { } wanted)
        {
            if (_members[wanted] is { } holder)
                throw new InvalidOperationException($"run '{run}': rank {wanted} is already held by {holder} (two trainers with the same rank, or a restarted trainer: start the run again with a new run id)");
            rank = wanted;
        }
        else
        {
            rank = Array.IndexOf(_members, null);
            if (rank < 0)
                throw new InvalidOperationException($"run '{run}' already has all {_members.Length} ranks; {request.MemberId} cannot join");
        }

        _members[rank] = request.MemberId;
        if (Array.TrueForAll(_members, m => m is not null))
            _complete.TrySetResult();
        return Task.FromResult(Status(rank));
    }

    public async Task<RendezvousStatus> WaitAsync(string memberId, TimeSpan maxWait)
    {
        var rank = _members is null ? -1 : Array.IndexOf(_members, memberId);
        if (rank < 0)
            throw new InvalidOperationException($"run '{this.GetPrimaryKeyString()}': {memberId} has not joined");
        if (!_complete.Task.IsCompleted)
        {
            var wait = maxWait < TimeSpan.Zero ? TimeSpan.Zero : maxWait > GradientAllReduceGrain.MaxWait ? GradientAllReduceGrain.MaxWait : maxWait;
            await Task.WhenAny(_complete.Task, Task.Delay(wait));
        }

        return Status(rank);
    }

    private RendezvousStatus Status(int rank) => new()
    {
        Rank = rank,
        World = _members!.Length,
        Waiting = [.. Enumerable.Range(0, _members.Length).Where(r => _members[r] is null)],
    };
}
