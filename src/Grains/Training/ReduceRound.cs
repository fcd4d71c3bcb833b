namespace Cluster.Grains.Training;

/// <summary>
/// One round of a collective among <see cref="World"/> ranks: each rank's contribution, then one result every rank
/// collects. Lives inside a (reentrant) grain activation, so it needs no locks: every access runs on the grain's turn.
/// </summary>
internal sealed class ReduceRound<TIn, TOut>(int world)
    where TIn : class
    where TOut : class
{
    private readonly TIn?[] _contributions = new TIn?[world];
    private readonly bool[] _collected = new bool[world];
    private readonly TaskCompletionSource<TOut> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int World => _contributions.Length;

    /// <summary>The contributions in rank order (all present once <see cref="AllIn"/>).</summary>
    public IReadOnlyList<TIn?> Contributions => _contributions;

    public bool AllIn => Array.TrueForAll(_contributions, c => c is not null);

    public bool HasResult => _result.Task.IsCompletedSuccessfully;

    /// <summary>The ranks that have not contributed yet.</summary>
    public int[] Waiting => [.. Enumerable.Range(0, World).Where(r => _contributions[r] is null)];

    /// <summary>The first contribution of each rank counts; a repeated one (a retried call) is ignored.</summary>
    public void Add(int rank, TIn contribution) => _contributions[rank] ??= contribution;

    public bool Contributed(int rank) => _contributions[rank] is not null;

    public void Complete(TOut result) => _result.TrySetResult(result);

    /// <summary>Ends the round with an error every waiting and later caller receives (so no rank waits for its timeout).</summary>
    public void Fail(string reason) => _result.TrySetException(new InvalidOperationException(reason));

    /// <summary>The result once it is there, or null after <paramref name="maxWait"/>; throws when the round failed.</summary>
    public async Task<TOut?> WaitAsync(TimeSpan maxWait)
    {
        if (!_result.Task.IsCompleted)
            await Task.WhenAny(_result.Task, Task.Delay(maxWait)).ConfigureAwait(true);
        return _result.Task.IsCompleted ? await _result.Task.ConfigureAwait(true) : null;
    }

    /// <summary>Marks <paramref name="rank"/>'s result as delivered; true once every rank has it (the round can go).</summary>
    public bool Collect(int rank)
    {
        _collected[rank] = true;
        return Array.TrueForAll(_collected, c => c);
    }
}
