namespace Cluster.Formats.Pipeline;

/// <summary>
/// One stage of the reading pipeline: an <see cref="IAsyncEnumerable{T}"/> over one epoch that can also restart at any
/// epoch (<see cref="Reset"/>), report where it stands (<see cref="SaveState"/>) and continue from there
/// (<see cref="RestoreState"/>). A stage is its own enumerator: one consumer at a time, not thread-safe.
/// A state taken between two items, restored into a pipeline built the same way, yields exactly the rest of the sequence.
/// </summary>
public abstract class PipelineStage<T> : IAsyncEnumerable<T>, IAsyncDisposable
{
    private readonly IAsyncDisposable? _upstream;

    /// <summary><paramref name="upstream"/> is disposed with this stage.</summary>
    protected PipelineStage(IAsyncDisposable? upstream) => _upstream = upstream;

    /// <summary>The item the last successful <see cref="MoveNextAsync"/> produced.</summary>
    public T Current { get; protected set; } = default!;

    /// <summary>Moves to the next item of the epoch; false at its end.</summary>
    public abstract ValueTask<bool> MoveNextAsync(CancellationToken ct = default);

    /// <summary>Starts <paramref name="epoch"/> from its beginning, here and upstream.</summary>
    public abstract void Reset(int epoch);

    /// <summary>Where this stage and everything upstream stand, after the last item returned.</summary>
    public abstract PipelineState SaveState();

    /// <summary>Continues from <paramref name="state"/>, here and upstream.</summary>
    public abstract void RestoreState(PipelineState state);

    /// <summary>Enumerates the rest of the current epoch.</summary>
    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        while (await MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Current;
        }
    }

    /// <summary>Disposes this stage and everything upstream.</summary>
    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_upstream is not null)
        {
            await _upstream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
